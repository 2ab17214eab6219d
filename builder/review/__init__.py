"""Stage 2b — review: the builder reads the quoted passages and reports where sources disagree.

reading.py reads one quote (its dates, numbers and outcome verbs); findings.py compares the
readings of an event's quotes with each other, with the event's recorded date and figures, and
with the same fact on other events; reviews.py matches the findings with the editors' decisions
in sources/reviews.yaml (recorded or dismissed with a reason).
"""
