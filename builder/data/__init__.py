"""Machine-readable exports of the briefing (JSON, CSV, iCalendar, feeds, STIX...)."""
