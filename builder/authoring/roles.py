"""What happened and who did what: event types from verbs, actors' roles from the clause.

The verb decides the type ("struck" → airstrike, "raided" → raid). An actor's role follows the
clause it stands in: the subject of an active verb carries it out ("Syrian forces raided …" →
conducted), its object is targeted (or a victim, if not an armed group), the subject of a passive
is the object ("soldiers were killed" → victim) and "by X" its agent; "X said", "according to X" →
stated; "X claimed" → claimed; "backed by X", "coordinated with X" → supported; "a member of X"
→ mentioned; a news outlet reported. Where the sentence was parsed (clauses.py), the parse says
which verb's subject, object or by-agent a name is (`parsed_role`), after the phrase rules above
and before the word-proximity rule; without a parse, only the actor nearest a verb (and those
joined to it by "and") is its subject: "Cooper, the CENTCOM commander, said that Syrian troops had
led the assault" makes Syrian troops, not CENTCOM, the ones who led it. Before the parse: a happening
told as a noun ("strikes on X", "an attack by Y on X", "an X ambush"), the parties of a meeting, the
body a speaker heads ("our units" in the quotation), ties ("on behalf of X"); any transitive verb
between two known actors is an act of the one upon the other; a sentence telling only what keeps
happening gives no part in the happening reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from builder.authoring.clauses import Clause, Phrase
from builder.authoring.figures import WEAPON_WORDS
from builder.authoring.names import DOER, NameHit

# Event verbs → event type, in priority order (the first that matches names the type).
TYPE_RULES: tuple[tuple[str, str], ...] = (
    ("bombing", (r"suicide bomb\w*|car bomb\w*|roadside bomb\w*|explosion|exploded|detonated an explosive|bombing|"
                 r"(?:struck|hit|stepped on|drove over) an? (?:land ?)?mine|landmine")),
    ("airstrike", (r"(?:drones?|jets|aircraft|warplanes|missiles?)\s+(?:hit|targeted)|air ?strikes?|airstrikes?|"
                   r"(?:hit|targeted)(?=(?:\s+on\s+\w+)?\s+by\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}"
                   r"(?:drones?|jets|aircraft|warplanes|missiles?)\b)|"  # 'was hit by Israeli warplanes'

                   r"struck|strikes? (?:on|against)|strikes?(?=\s+(?:killed|hit|destroyed|wounded|targeted))|"
                   r"drone strike|bombed")),
    ("raid", r"raid(?:s|ed|ing)?|storm(?:ed|ing)"),
    ("armed-clash", r"clash(?:es|ed)?|firefights?|gun ?battles?|exchanges? of fire|fighting (?:between|with|against)"),
    ("other", r"(?:re)?(?:gained|took|taken|seized) control|recaptured|retook"),
    ("attack", (r"attack(?:s|ed|ing)?|assault(?:s|ed)?(?!\s+(?:rifle|weapon|team|force)s?\b)|killed|ambush(?:ed)?|opened fire|claimed responsibility|"
                r"shot dead|gunned down|assassinat(?:ed|ion)|murder(?:ed)?|killing|killings|abduct(?:ed|ing|ion)|"
                r"fired\s+(?:[\w-]+\s+){0,2}(?:at|on)|shell(?:ed|ing)|"
                r"kidnapp(?:ed|ing)")),
    ("arrest", (r"arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|captur(?:e|ed|ing)|apprehended|taken into custody|"
                r"dismantl(?:e|ed|es|ing)|broken up|broke up|rounded up")),
    ("weapons-destroyed", r"destroy(?:s|ed|ing)?|destruction|eliminated|demolished"),
    ("seizure", (r"seiz(?:e|ed|es|ing)|seizure|confiscat(?:e|ed|ing)|impounded|"
                 rf"(?:recovered|found|discovered)(?=\s+(?:\S+\s+){{0,3}}?(?:{WEAPON_WORDS})\b)")),
    ("withdrawal", (r"withdr(?:ew|aw|awn|awal)|pull(?:ed)?[- ]out|pulled out|"
                    r"left (?:a|an|the|its|their) (?:\w+ )?(?:base|outpost|positions?|post|garrison|camp)")),
    ("deployment", r"deploy(?:s|ed|ing)?"),
    ("agreement", r"agreed|agreement|signed|deal"),
    ("organisation", r"join(?:s|ed|ing)?|formed|founded|established|integrat(?:e|ed|ion)"),
    ("political-change", r"fall of|overthrow\w*|ouster|toppled"),
    ("meeting", (r"\bmet\b|meets?|meeting|talks|arriv(?:ed|es|ing) in|(?:spoke|talked)(?: by (?:tele)?phone)? (?:to|with)|"
                 r"(?:tele|video |phone )?(?:phone )?calls?(?= with| on| between)|(?:tele|video )?phone call|"
                 r"(?:was|were) received by|hosted|visit(?:s|ed|ing)?")),
    ("other", r"hand(?:ed|s|ing)? over|transferred|releas(?:ed|ing)|freed"),  # happenings, before the speech
    ("report", r"report(?:s|ed)? by|highlighted|published"),
    ("statement", (r"announc(?:e|ed|es|ing)|claimed|stated|said|says|told|declared|revealed|reported|confirmed|"
                   r"condemned|urged|warned|accused|denied|welcomed|vowed|pledged|threatened|promised|blamed|praised|hailed|"
                   r"critici[sz]ed|denounced|rejected|acknowledged|admitted|(?:called|described)(?=\s+(?:the|this|that|these|those|it|its|their|on|for)\s)")),
    ("other", r"launch(?:ed|es)?|conducted|carried out|targeted|targeting|foiled|backed|supported|led(?!\s+by\b)"),
)
_PATTERNS = tuple((kind, re.compile(rf"(?i)(?<![\w-])(?:{words})(?![\w-])")) for kind, words in TYPE_RULES)
SPEECH = (r"said|says|told|announced|stated|added|confirmed|reported|condemned|urged|warned|accused|denied|"
          r"welcomed|declared|revealed|insisted|noted|vowed|pledged|promised|threatened|hailed|blamed|praised|critici[sz]ed|"
          r"acknowledged|admitted|denounced|"
          r"(?:called|described)(?=\s+(?:the|this|that|these|those|it|its|their|on|for)\s)")  # 'called the shooting a crime'
_SUBJECT_ROLE = {"statement": "stated", "report": "reported", "meeting": "attended", "agreement": "joined",
                 "organisation": "joined", "political-change": "mentioned"}
_TARGET_TYPES = {"raid", "arrest", "airstrike", "seizure", "weapons-destroyed", "armed-clash", "other"}
# When one actor gets several roles in a happening, the first of these wins (a doer that also claims it stays its doer).
ROLE_RANK = ["conducted", "claimed", "targeted", "victim", "supported", "joined", "attended", "stated", "reported",
             "mentioned"]

_APPOSITION = r"(?:\s*,[^,]{1,60},)?"
_SPEAKS = re.compile(rf"(?i)^(?:'s)?(?:\s+(?:officials?|spokes(?:man|woman|person)|sources|authorities|commanders?|"
                     rf"officers?|leaders?|chief|member))?{_APPOSITION}\s*(?:and\s+(?:the\s+)?[\w.'-]+(?:\s+[\w.'-]+){{0,3}}\s+)?"
                     rf"(?:(?:has|have|had|also|then|again|later|\w+ly)\s+)*(?:{SPEECH})\b")
_CLAIMS = re.compile(rf"(?i)^{_APPOSITION}\s*(?:(?:has|have|had|later|quickly|also)\s+)*claimed\b")
_SUPPORT_BEFORE = re.compile(r"(?i)(?:\b(?:backed|supported|assisted|helped|aided|escorted)\s+by|"
                             r"\bwith\s+the\s+(?:support|help|backing|assistance)\s+of|\bin\s+(?:coordination|"
                             r"cooperation)\s+with|\b(?:coordinated|conducted|carried\s+out|worked|partnered)\s+with|\balongside|"
                             r"\bprovided\s+by|\b(?:air\s+)?(?:support|backing|help|cover|intelligence|information|tip-offs?)\s+from)\s+"
                             r"(?:the\s+|[A-Z]\w+'s\s+)?$")
_APPOSED = re.compile(r"[a-z]\s*,\s*(?:[A-Z][\w.'-]*\s+){0,3}$")  # '… in Idlib, Brig.-Gen. ' before the name
_CLAIMED_BY = re.compile(r"(?i)\bclaimed\s+(?:[\w']+\s+){0,4}?by\s+(?:the\s+)?$")
_TOOK_PART = re.compile(rf"(?i)^{_APPOSITION}\s*(?:(?:also|had|have|has)\s+)*(?:took\s+part|participated|"
                        r"joined\s+in)\b")
_TOOK_PART_WITH = re.compile(r"(?i)\b(?:took\s+part|participated)\s+(?:in\s+[^,;]{1,40}?\s+)?(?:alongside|with)\s+"
                             r"(?:the\s+)?$")
_ATTENDED = re.compile(rf"(?i)^{_APPOSITION}\s*(?:also\s+)?(?:attended|witnessed|was\s+present\s+at)\b")
_MEMBER_BEFORE = re.compile(r"(?i)\b(?:member|members|part|affiliate|ally|allies|supporters?)\s+of\s+(?:the\s+)?$")
_COUNTED_MEMBERS = re.compile(r"(?i)\b(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                              r"dozens|scores|several|many|hundreds)\s+(?:\w+\s+)?members\s+of\s+(?:the\s+)?$")
# The verb's object named by its ties to a known body ('fighters loyal to X', 'a cell affiliated with X'): X is hit.
_AFFILIATED = re.compile(r"(?i)\b(?:linked|tied|loyal|allied|affiliated|aligned|connected|close|belonging|attached)\s+"
                         r"(?:to|with)\s+(?:the\s+)?$")
_ISSUED_BY = re.compile(r"(?i)\b(?:statements?|communiqu[eé]s?|announcements?)\s+(?:(?:issued|released|published|"
                        r"posted|put\s+out|sent)\s+)?(?:by|from)\s+(?:the\s+)?$")
_ACCORDING = re.compile(r"(?i)\b(?:according\s+to|cited|citing|quoting)\s+(?:the\s+)?$")
_OTHER_AGENT = re.compile(r"(?i)\s(?:\w+ed|held|kept|run|led|taken)\s+by\s+(?:the\s+)?$")
_AGENT_BEFORE = re.compile(r"(?i)\bby\s+(?:the\s+|an?\s+)?$")
_PASSIVE_BEFORE = re.compile(r"(?i)\b(?:(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?(?:\w+ed\s+and\s+)?|"
                             r"(?:came|come|comes)\s+under\s+)$")  # 'was wounded and detained': both passive
# '[Coalition] aircraft watched over the raid', '[X] jets provided cover for the operation'.
_HELPS_WITH = re.compile(r"(?i)(?:\s+[a-z]+){1,4}\s+(?:the|this|that)\s+(?:[a-z-]+\s+)?"
                         r"(?:raids?|operations?|strikes?|assaults?|offensive|arrests?|mission)\b")
_ABOUT = re.compile(r"(?i)\b(?:discuss(?:ed|es|ing)?|about|regarding|concerning|covered|focused\s+on)\b")
_SPOKE_OF = re.compile(rf"(?i)\b(?:{SPEECH}|vowed|threatened)\b")
# What may stand between a verb of speech and what was said: 'said in a statement on Monday that', 'said, …'.
_SAID_HOW = r",?(?:\s+(?:in|on|through|via)\s+(?:an?\s+|its\s+|their\s+|the\s+)?[\w-]+)*\s+(?:that\s+)?"
_OWN_CLAIM = re.compile(rf"(?i){_SAID_HOW}(?:(?:it|they)\s+(?:was|were|had\s+been)\s+behind\b|(?:[\w-]+\s+of\s+)?"
                        r"(?:its|their)\s+[\w-]+\s+(?:had\s+)?(?:carried\s+out|staged|conducted)\s+the\b)|"
                        r"\s+responsibility\b")  # 'one of its members had carried out the attack'
_OWN_DEED = re.compile(rf"(?i){_SAID_HOW}(?:it|they|its\s+\w+|their\s+\w+)\s+(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?")
_OWN_LOSS = re.compile(rf"(?i){_SAID_HOW}(?:[\w-]+\s+(?:of\s+)?)?(?:its|their)\s+[\w-]+\s+"
                       r"(?:had\s+been|have\s+been|has\s+been|were|was)\s+(?:killed|wounded|injured|captured)\b")
_JOINED = re.compile(r"(?i)^(?:\s+[a-z]+)?\s*(?:,|and|,\s*and|as\s+well\s+as)\s*(?:the\s+)?$")  # 'SDF fighters and


@dataclass(frozen=True)
class Verb:
    start: int
    end: int
    kind: str
    passive: bool
    noun: bool = False  # 'during multiple airstrikes', 'the raids': a happening named, with no subject


_PAST = r"(?i)(?:ed|struck|met|withdrew|took|broke|left|shot|spoke|drove)\b"  # 'the Russians withdrew': a verb
_NOUN_BEFORE = re.compile(r"(?i)\b(?:a|an|the|this|that|these|those|such|of|during|in|after|before|"
                          r"with|for|multiple|several|many|more|further|two|three|four|five|\d+)\s+(?:[a-z][\w-]*\s+)?$")


_REFERS = re.compile(r"(?i)\b(?:condemned|condemns|claimed|claims|denied|denies|welcomed|welcomes|praised|hailed|"
                     r"critici[sz]ed|blamed|mourned|investigat\w+|responded\s+to|commented\s+on|carried\s+out|carrying\s+out|"
                     r"confirm(?:ed|s)|acknowledg(?:ed|es)|admitted|called|described|"
                     r"staged|was\s+behind|were\s+behind|responsibility\s+for)\s+"
                     r"(?:the|this|that|its|their|last\s+\w+'s|\w+'s)\s+(?:[\w-]+\s+){0,2}$")


def _refers_back(text: str, start: int) -> bool:
    """'condemned the attack', 'claimed the checkpoint attack': a happening named again, not a new one."""
    return bool(_REFERS.search(text[max(0, start - 80):start]))


_INCIDENTAL = re.compile(r"(?i)\b(?:planning|plotting|planned|plotted|prepar(?:ing|ed)|behind|responsible\s+for|"
                         r"accused\s+of|suspected\s+of|blamed\s+for|(?<!came\s)(?<!come\s)under|discuss(?:ed|es|ing)?|about|string\s+of|"
                         r"series\s+of|wave\s+of|wake\s+of|aftermath\s+of|ahead\s+of)\s+(?:(?:the|a|an|its|their|his|"
                         r"her|this|that|more|further|new|future)\s+)?(?:[\w-]+\s+)?$")


# 'urged both sides to return to talks', 'said it would withdraw': what is asked for, promised or planned.
_WANTED = re.compile(r"(?i)\b(?:urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+(?:on|for)|demand(?:s|ed|ing)?|ask(?:s|ed|ing)?|"
                     r"propos(?:e|es|ed|ing)|threaten(?:s|ed|ing)?|vow(?:s|ed|ing)?|pledg(?:e|es|ed|ing)|"
                     r"promis(?:e|es|ed|ing)|intend(?:s|ed)?|want(?:s|ed)?|would|will|aim(?:s|ed)?\s+to)\b[^,;.]*$")


def _incidental(text: str, start: int) -> bool:
    """'planning attacks', 'under the integration deal', 'to discuss the integration', 'urged the SDF to
    speed up its integration': an event word that names what is planned, discussed or asked for, not
    what happened."""
    before = text[max(0, start - 60):start]
    return bool(_INCIDENTAL.search(before) or _WANTED.search(before))


def referred_types(text: str) -> set[str]:
    """The types of the happenings a sentence names again ('condemned the attack' → attack)."""
    kinds = {kind for kind, pattern in _PATTERNS if kind != "statement"
             for match in pattern.finditer(text) if _refers_back(text, match.start())}
    named = any(_refers_back(text, m.start()) for m in re.finditer(r"(?i)\bstrikes?\b", text))
    return kinds | {"airstrike"} if named else kinds  # 'confirmed the strike': the bare noun, named again


def event_type(text: str) -> tuple[str, int] | None:
    """The event type a sentence's verbs suggest, and where the deciding verb stands (an incidental
    word, 'planning attacks', decides only when nothing else does)."""
    for allow_incidental in (False, True):
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(text):
                if not _refers_back(text, match.start()) and (allow_incidental or not _incidental(text, match.start())):
                    return kind, match.start()
    return None


def named_just_before(text: str, position: int) -> str | None:
    """The type of the event word that ends just before position ('an attack a day earlier' → attack)."""
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text, max(0, position - 40), position):
            if kind != "statement" and not text[match.end():position].strip():
                return kind
    return None


def verb_positions(text: str) -> list[int]:
    return [m.start() for _, pattern in _PATTERNS for m in pattern.finditer(text)]


def event_verbs(text: str) -> list[Verb]:
    """Every event verb (not a verb of speech) in a sentence, with its type and voice."""
    found: list[Verb] = []
    for kind, pattern in _PATTERNS:
        if kind == "statement":
            continue
        for match in pattern.finditer(text):
            if _refers_back(text, match.start()) or _incidental(text, match.start()):
                continue
            if not any(v.start < match.end() and match.start() < v.end for v in found):
                before = text[max(0, match.start() - 30):match.start()]
                noun = bool(_NOUN_BEFORE.search(before)) and not re.search(_PAST, match.group(0))
                suffered = bool(re.search(r"(?i)mine$", match.group(0)))  # 'their vehicle struck a mine': victims
                found.append(Verb(match.start(), match.end(), kind, bool(_PASSIVE_BEFORE.search(before)) or suffered,
                                  noun))
    return sorted(found, key=lambda v: v.start)


def subject_role(kind: str) -> str:
    return _SUBJECT_ROLE.get(kind, "conducted")


def object_role(kind: str, actor_kind: str) -> str:
    if kind == "armed-clash":
        return "conducted"  # 'clashes between the army and SDF fighters': both fought
    if kind in ("attack", "bombing", "act"):  # 'act': any transitive verb between two actors ('X pounded Y')
        return "targeted" if actor_kind == "armed-group" else "victim"
    if kind in _TARGET_TYPES:
        return "targeted"
    return {"meeting": "attended", "agreement": "joined"}.get(kind, "mentioned")


_ASIDE = re.compile(r"\s*,\s*(?:\w+ed|\w+ing|with|along\s+with|together\s+with|including)\b[^,;:]{1,60},\s*")


_BACKGROUND = re.compile(r"(?i)\s*,\s*(?:who|which)\s+(?:had|has|have)\s+(?:(?:\w+ly|long|already|once|previously)\s+)?")  # a relative clause of the past
_LED_BY = re.compile(r"\s+(?:led|commanded|headed|accompanied|joined)\s+by\s+[^,;:]{1,60}?\s+")  # 'X led by Y stormed'


# A relative clause after the subject: 'X who', 'X, who met …, said', 'an ISIS cell that had planned … was broken up'.
_RELATIVE = re.compile(r"(?i)\s*(?:,\s*)?(?:who|that|which)\s+(?:(?:had|has|have|was|were)\s+)?|"
                       r"(?:\s+[a-z-]+)?\s+(?:who|that)\s+[^,;:]{1,60}\s+(?:was|were|is|are|has|have|had)\s+|"
                       r"\s*,\s*(?:who|which)\s+[^,;:]{1,60},\s*(?:\w+ly\s+)?")


def _nearest_before(verb: Verb, hit: NameHit, hits: list[NameHit], text: str) -> bool:
    """Is hit the verb's subject: the last actor before it, or joined by 'and' to that one?"""
    between = text[hit.end:verb.start]
    relative = _RELATIVE.fullmatch(between) and not _SPOKE_OF.search(between)  # 'X, who met …, said'
    if re.search(r"[;:]", between) or (re.search(r"\b(?:that|who|which)\b", between) and not relative):
        return False
    apposition = "," in text[max(0, hit.start - 40):hit.start]  # 'The attackers, believed to be ISIS militants,'
    if between.count(",") == 1 and between.rstrip().endswith(",") and not apposition:
        return False  # '… ISIS cells in Idlib, conducted with the directorate': a participle, not ISIS's verb
    aside = _ASIDE.fullmatch(between) or _LED_BY.fullmatch(between)  # 'Syrian troops, backed by U.S. drones, stormed …'
    later = [h for h in hits if hit.end <= h.start and h.end <= verb.start and not (aside and h.end <= hit.end + aside.end())]
    chain = hit
    for other in sorted(later, key=lambda h: h.start):
        if not _JOINED.match(text[chain.end:other.start]):
            return False
        chain = other
    return True


def _coordinated(hit: NameHit, verb: Verb, verbs: list[Verb], text: str) -> bool:
    """'killing a senior ISIS official and capturing two others', 'destroyed two ISIS hideouts and seized …': the
    hit is the object of the verb before it, and the verb after it shares that verb's subject."""
    earlier = [v for v in verbs if v.end <= hit.start and not v.noun and not v.passive
               and not re.search(r"[,;:]", text[v.end:hit.start])]
    return bool(earlier) and bool(re.fullmatch(r"[^,;:]*\band\s+", text[hit.end:verb.start]))


def list_head(hit: NameHit, hits: list[NameHit], text: str) -> NameHit:
    """The first name of the list hit ends ('by X, Y and the Z'): what comes before the list is said of each."""
    chain = [hit]
    for other in sorted((h for h in hits if h.end <= hit.start), key=lambda h: h.start, reverse=True):
        if other.end > chain[-1].start or not _JOINED.match(text[other.end:chain[-1].start]):
            break
        chain.append(other)
    if len(chain) == 1:
        return hit
    goes_on = any(_JOINED.match(text[hit.end:h.start]) for h in hits if h.start >= hit.end)
    ends_list = not text[chain[1].end:hit.start].rstrip().endswith(",")
    return chain[-1] if goes_on or ends_list else hit  # 'Backed by X and Y, Z stormed …': the comma ends it


def _clause_role(hit: NameHit, hits: list[NameHit], verbs: list[Verb], text: str, actor_kind: str) -> str:
    aside = _ASIDE.match(text, hit.end)  # 'Syrian troops, backed by U.S. drones, stormed …': stormed is theirs
    skip = aside.end() if aside else hit.end
    after = [v for v in verbs if v.start >= skip and v.start - hit.end <= 90 and not v.noun]
    if after and _BACKGROUND.fullmatch(text[hit.end:after[0].start]):  # 'X, which had attacked …': its past
        later = [v for v in after[1:] if "," in text[after[0].end:v.start]]  # 'X, who had raided …, stormed it'
        after = later if later else []
        if not after:
            return "mentioned"
    possessor = text[hit.end:hit.end + 2] in ("'s", "’s")  # 'ISIS's capacity … conducted': not its subject
    owned = re.match(r"(?:'s|’s)\s+(?:[a-z]+\s+){0,3}$", text[hit.end:after[0].start]) if after else None
    if after and owned and after[0].noun is False:
        return subject_role(after[0].kind)  # 'al-Sharaa's historic visit': whose the happening is
    if after and not possessor and _nearest_before(after[0], hit, hits, text) and not _coordinated(hit, after[0], verbs, text):
        verb = after[0]
        return object_role(verb.kind, actor_kind) if verb.passive else subject_role(verb.kind)
    if not after and _HELPS_WITH.match(text, hit.end) and not _SPOKE_OF.search(text, hit.end, hit.end + 40):
        return "supported"  # 'Coalition aircraft watched over the raid': a part in the happening named again
    before = [v for v in verbs if v.end <= hit.start and ";" not in text[v.end:hit.start]]
    if before and (_SPOKE_OF.search(text[before[-1].end:hit.start]) or _ABOUT.search(text[before[-1].end:hit.start])):
        return "mentioned"  # 'the SDF blamed ISIS', 'met … to discuss the integration of the SDF': what it is about
    if before:
        verb = before[-1]
        other = _OTHER_AGENT.search(text, verb.end, hit.start)  # 'freed hostages held by ISIS': held's agent
        head = list_head(hit, hits, text)
        if _AGENT_BEFORE.search(text[max(0, head.start - 12):head.start]) and not other:
            return subject_role(verb.kind)  # 'were killed by X', 'raids by X': the agent
        if verb.passive:
            return "mentioned"
        if _AFFILIATED.search(text[:head.start]):
            return object_role(verb.kind, actor_kind)  # 'killed a commander of a faction linked to X': X is hit
        if verb.kind not in ("meeting", "agreement") and re.search(r"(?i)\bto\s+(?:the\s+)?$", text[:hit.start]):
            return "mentioned"  # 'handed the base to the Syrian army': who receives it
        if verb.kind == "agreement" and not re.search(r"(?i)\b(?:with|between|and)\s+(?:the\s+)?$", text[:hit.start]):
            return "mentioned"  # 'agreed on … ISIS cells': what the agreement is about
        return object_role(verb.kind, actor_kind)
    return "mentioned"


# The prepositions whose object a happening's verb acts upon: 'met with X', 'clashed with X', 'fired on X'.
_COMPLEMENTS = {"meeting": ("with", "to"), "agreement": ("with",), "armed-clash": ("with", "against"),
                "attack": ("on", "at", "against"), "airstrike": ("on", "against"), "raid": ("on", "against")}
_HARMED = re.compile(r"(?i)wounded|injured|hurt")
_STATEMENT = next(pattern for kind, pattern in _PATTERNS if kind == "statement")


def _clause_verb(clause: Clause, verbs: list[Verb], text: str, hits: list[NameHit]) -> tuple[str, bool] | None:
    """(event type, passive) of a clause's verb: a happening's verb, or a verb of speech ('statement')."""
    verb = next((v for v in verbs if not v.noun and v.start < clause.verb[1] and clause.verb[0] < v.end), None)
    if verb is not None:
        suffered = bool(re.search(r"(?i)mine$", text[verb.start:verb.end]))  # 'their vehicle struck a mine'
        return verb.kind, clause.passive or suffered
    word = text[clause.verb[0]:clause.verb[1]]
    if clause.passive and _HARMED.fullmatch(word):
        return "attack", True  # 'two soldiers were wounded when …': hurt in the happening
    if _STATEMENT.fullmatch(word):
        return None if clause.passive else ("statement", False)
    act = _any_act(clause, word, hits)  # the act stands for the sentence's happening: its kind decides the roles
    return (next((v.kind for v in verbs if v.kind in _TARGET_TYPES | {"attack", "bombing"}), "act"), act[1]) \
        if act else None


# Verbs that are no act upon their object ('X received Y', 'X had fighters'), and verbs whose subject is the
# one harmed ('X lost two soldiers', 'X suffered heavy losses'); any other transitive verb is an act.
_NO_ACT = re.compile(r"(?i)(?:be|is|are|was|were|been|being|has|have|had|do|does|did|receiv\w*|include[sd]?|"
                     r"including|contain\w*|need\w*|want\w*|expect\w*|hope[sd]?|believ\w*|think\w*|thought|"
                     r"consider\w*|know\w*|knew|see[ns]?|saw|show\w*|us(?:e|es|ed|ing)|mak(?:e|es|ing)|made|"
                     r"get|gets|got|gave|giv\w*|keep\w*|kept|allow\w*|thank\w*|ask\w*|name[sd]?|call\w*|"
                     r"becom\w*|became|remain\w*|seem\w*|mean\w*|meant|represent\w*|describ\w*|discuss\w*|"
                     r"host\w*|control\w*|hold\w*|held|own\w*|lead\w*|replac\w*|follow\w*|reach\w*|"
                     r"face[sd]?|facing|tell\w*|say|saying|quot\w*|cit\w*|urg\w*|wait\w*|invit\w*|visit\w*|"
                     r"meet\w*|met|join\w*|accus\w*|blam\w*|prais\w*|welcom\w*|condemn\w*|deni\w*|deny|reiterat\w*|"
                     r"stress\w*|emphasi[sz]\w*|insist\w*|argu\w*|recogni[sz]\w*|identif\w*|suspect\w*|"
                     r"press\w*|encourag\w*|fled|flee\w*|escap\w*|evad\w*|avoid\w*|forces|troops)")  # a noun read as a verb: 'the command forces'"
_SUFFERS = re.compile(r"(?i)suffer\w*|sustain\w*|los(?:e|es|t|ing)|endur\w*")


def _any_act(clause: Clause, word: str, hits: list[NameHit]) -> tuple[str, bool] | None:
    """'X pounded Y', 'Y was repelled by X', 'X ambushed a Y convoy': a transitive verb outside the happenings'
    vocabulary, with a known actor on each side, is an act by the one upon the other ('act'); None for the
    verbs that are no act (received, had, named …), and for a verb that does not join two actors."""
    if _NO_ACT.fullmatch(word) or _SUFFERS.fullmatch(word):
        return None
    doers = [clause.agent] if clause.passive else [clause.subject]
    done_to = list(clause.objects) + ([clause.subject] if clause.passive else [])
    joins = all(any(p is not None and p.holds(h.start, h.end) for p in side for h in hits) for side in (doers, done_to))
    return ("act", clause.passive) if joins else None


def _names(phrase: Phrase | None, hit: NameHit, hits: list[NameHit]) -> bool:
    """Does the phrase name hit as the one it is about: hit is its head ('Tom Barrack' in 'U.S. envoy Tom
    Barrack'), or stands in it when no name is its head ('ISIS' in 'an ISIS gunman'), or names the head of
    one of its conjoined nouns ('US troops and Syrian ministry forces')?"""
    if phrase is None or not phrase.holds(hit.start, hit.end):
        return False
    if len(phrase.heads) > 1 and any(start - hit.end == 1 and not any(h.start <= start < h.end for h in hits)
                                     for start, _ in phrase.heads):
        return True  # 'American troops and Syrian interior ministry forces': the name of one conjunct's head
    return phrase.headed_by(hit.start, hit.end) or not any(
        phrase.holds(h.start, h.end) and phrase.headed_by(h.start, h.end) for h in hits)


def parsed_role(hit: NameHit, hits: list[NameHit], clauses: list[Clause], verbs: list[Verb], text: str,
                actor_kind: str) -> str | None:
    """The role the parsed clause gives a name: the subject of an active verb acts, its objects and the
    subject of a passive are acted upon, the agent of a passive ('by X') acts; the subject of a verb of
    speech stated it (or claimed it). Main clauses first, then relative ones; a relative clause in the
    perfect ('X, which had attacked the town') tells the past, no part in the happening, and a participle
    describes its noun ('troops backed by …'), whose part is the main verb's. The agent of a participle
    plays its noun's part ('killed by a bomb planted by ISIS'). None when no clause places the name."""
    ordered = [c for c in clauses if not c.how] + [c for c in clauses if c.how == "relative" and not c.perfect]
    for clause in ordered + [c for c in clauses if c.how == "reduced"]:
        typed = _clause_verb(clause, verbs, text, hits)
        if typed is None:
            continue
        kind, passive = typed
        subject = clause.subject if clause.how != "reduced" else None
        if kind == "statement":
            if _names(subject, hit, hits):
                return "claimed" if text[clause.verb[0]:clause.verb[1]].lower() == "claimed" else "stated"
            continue
        if _names(clause.agent, hit, hits):
            return subject_role(kind)
        if _names(subject, hit, hits):
            return object_role(kind, actor_kind) if passive else subject_role(kind)
        if any(_names(phrase, hit, hits) for phrase in clause.objects) or any(
                preposition in _COMPLEMENTS.get(kind, ()) and _names(phrase, hit, hits)
                for preposition, phrase in clause.complements):
            return object_role(kind, actor_kind)
    for clause in clauses:
        if clause.how == "reduced" and clause.subject and clause.subject.heads and _names(clause.agent, hit, hits):
            start, end = clause.subject.heads[0]  # the noun the participle describes stands in for the agent
            stand_in = replace(hit, start=start, end=end)
            return parsed_role(stand_in, [stand_in], ordered, verbs, text, actor_kind)
    return None


def role_in_sentence(hit: NameHit, hits: list[NameHit], verbs: list[Verb], text: str, actor_kind: str,
                     clauses: list[Clause] | None = None) -> str:
    """The role one actor mention plays in its sentence (from the parsed clauses, when given, where they
    place it; else from the words around it)."""
    head = list_head(hit, hits, text)
    before = text[max(0, head.start - 50):head.start]  # 'backed by X and Y', 'according to X and Y': both
    after = text[hit.end:hit.end + 120]
    if actor_kind == "media":
        return "reported"
    if hit.how == DOER:
        return "conducted"  # 'killed in an Israeli drone strike': whoever else the sentence names
    if _CLAIMS.match(after):
        return "claimed"
    if _TOOK_PART_WITH.search(before):
        return "conducted"  # 'CJTF-OIR took part alongside Internal Security units': both carried it out
    if _ATTENDED.match(after):
        return "attended"  # 'Tom Barrack attended the signing'
    if _CLAIMED_BY.search(before):
        return "claimed"  # 'Responsibility was claimed hours later by X'
    if _SUPPORT_BEFORE.search(before):
        return "supported"
    if _MEMBER_BEFORE.search(before) and not _COUNTED_MEMBERS.search(before):
        # 'a member of the security forces' is no part, unless the parse makes the member one: 'a member of the
        # security forces was wounded'; 'killed six members of …' is the verb's object
        return (parsed_role(hit, hits, clauses, verbs, text, actor_kind) if clauses else None) or "mentioned"
    if _ACCORDING.search(before) or _ISSUED_BY.search(before):
        return "stated"  # 'according to X', 'in a statement issued by X'
    if re.search(r"(?i)\baccus(?:ed|es|ing)\s+(?:the\s+)?$", before) and re.match(r"(?i)(?:\s+on\s+\w+day)?\s+of\s", after):
        deed = next((v for v in verbs if v.start > hit.end), None)  # 'accused Israel of killing …'
        return subject_role(deed.kind) if deed else "mentioned"
    if _APPOSED.search(before) and re.match(rf"(?i)\s*,\s*(?:(?:also|later|then)\s+)?(?:{SPEECH})\b", after):
        return "stated"  # 'the head of Internal Security, Brig.-Gen. Bakir, told …': the name closes an apposition
    speaks = _SPEAKS.match(after)
    if speaks and _OWN_CLAIM.match(after, speaks.end()):
        return "claimed"  # 'ISIS said on Monday it was behind an ambush'
    if speaks and _OWN_LOSS.match(after, speaks.end()):  # 'Hezbollah said two of its fighters had been killed'
        return object_role(next((v.kind for v in verbs if v.start > hit.end), "attack"), actor_kind)
    if speaks:
        own = _OWN_DEED.match(after, speaks.end())  # 'Damascus said it had detained …': its own deed
        verb = next((v for v in verbs if own and v.start == hit.end + own.end()), None)
        if verb and not verb.passive and actor_kind == "armed-group" and verb.kind in ("attack", "bombing"):
            return "claimed"  # 'ISIS said its fighters attacked …': a group's word for its attack is its claim
        if verb is not None and re.match(r"(?i)backed|supported", text[verb.start:]):  # 'said it supported the step'
            backed = any(v.start > verb.end and v.kind not in ("statement", "other") for v in verbs)
            return "supported" if backed else "stated"  # … 'it had backed the army's raid': a part in the raid
        return subject_role(verb.kind) if verb and not verb.passive else "stated"
    if _TOOK_PART.match(after):
        return "attended" if _meeting(verbs) else "conducted"  # 'took part in the meeting' or in the raid
    joined = next((v for v in verbs if _TOGETHER.search(before) and not v.noun
                   and re.fullmatch(r"\s*,\s*(?:\w+ly\s+)?", text[hit.end:v.start])), None)
    if joined is not None:  # 'our units, together with the General Intelligence Directorate, stormed …'
        return object_role(joined.kind, actor_kind) if joined.passive else subject_role(joined.kind)
    headed = _HEADED.search(text[:hit.start])
    if headed:  # 'Colonel X, who heads Internal Security in the province, said': the speaker's body
        return _our_deed(text, verbs) or _his_deed(text, hit.end, verbs) or "mentioned"
    met = _noun_role(hit, hits, verbs, text, actor_kind) or _tied_role(head, verbs, text, actor_kind) or \
        _meeting_role(hit, hits, clauses or [], verbs, text)
    parsed = met or (parsed_role(hit, hits, clauses, verbs, text, actor_kind) if clauses else None)
    return parsed or _clause_role(hit, hits, verbs, text, actor_kind)


_TOGETHER = re.compile(r"(?i)\b(?:together|along)\s+with\s+(?:the\s+)?$")
_TIES = re.compile(r"(?i)\b(?:(?:linked|tied|loyal|allied|affiliated|aligned|connected|belong(?:s|ed|ing)?|attached)\s+"
                   r"(?:to|with)|on\s+behalf\s+of|working\s+for|ties\s+to|links\s+to)\s+(?:the\s+)?$")


def _tied_role(head: NameHit, verbs: list[Verb], text: str, actor_kind: str) -> str | None:
    """'arrested four men on behalf of X', 'detained two who belonged to X', 'killed fighters loyal to X': the
    people a happening hit are told by their ties to X, so X is its target (the happening before the ties)."""
    if not _TIES.search(text[:head.start]):
        return None
    deed = next((v for v in reversed(verbs) if v.end <= head.start and v.kind in _VIOLENT and not v.noun), None)
    return object_role(deed.kind, actor_kind) if deed is not None else None


# The body a speaker heads, named in the speaker's apposition: ', who heads X,', ', the head of X,'.
_HEADED = re.compile(r"(?i),\s*(?:who\s+(?:heads|leads|commands|runs|directs)|(?:the\s+|a\s+)?(?:head|chief|commander|"
                     r"director|spokes(?:man|woman|person)|leader)\s+(?:of|for))\s+(?:the\s+)?$")
_OUR = re.compile(r"(?i)\b(?:we|our\s+(?:units?|forces|men|troops|fighters|officers|teams?|personnel|patrols?))\b")


def _our_deed(text: str, verbs: list[Verb]) -> str | None:
    """'"Our units raided a house …," Colonel X, who heads Internal Security, said': what the speaker's own
    people did in the quotation is the deed of the body the speaker heads (the first happening after 'our')."""
    for quote in re.finditer(r"[\"“]([^\"“”]{10,})[\"”]", text):
        own = _OUR.search(quote.group(1))
        deed = next((v for v in verbs if own and quote.start(1) + own.end() <= v.start < quote.end(1)
                     and not v.noun and not v.passive), None)
        if deed is not None:
            return subject_role(deed.kind)
    return None


_HIS = re.compile(r"(?i)\b(?:his|her)\s+(?:forces|units|men|troops|officers|fighters)\b")


def _his_deed(text: str, start: int, verbs: list[Verb]) -> str | None:
    """'Cooper, who heads US Central Command, said that an operation by his forces …' or '… that his units
    raided …': the speaker's people, told in reported speech, are the body the speaker heads."""
    own = _HIS.search(text, start)
    if own is None:
        return None
    if _OPERATION_BY.search(text[max(0, own.start() - 60):own.start()]):
        return "conducted"
    deed = next((v for v in verbs if own.end() <= v.start and not v.noun and not v.passive), None)
    return subject_role(deed.kind) if deed is not None and re.fullmatch(r"\s+(?:\w+ly\s+)?", text[own.end():deed.start]) \
        else None


# A happening told as a noun: its doer before it ('an ISIS ambush', 'US strikes', 'the army's raid') or after
# 'by'; its target after 'on', 'against' ('strikes on ISIS hideouts') or 'of' ('the arrest of X').
_NOUN_TARGET = re.compile(r"(?i)[\w-]+(?:\s+by\s+[^,;]{1,40}?)?\s+(?:on|against|targeting)\s+"
                          r"(?:(?:the|an?|its|their)\s+)?(?:[\w-]+\s+){0,2}")
_NOUN_OF = re.compile(r"(?i)(?:arrests?|detention|capture|killing|assassination|abduction|kidnapping)\s+of\s+"
                      r"(?:(?:the|an?)\s+)?(?:[\w-]+\s+){0,2}$")
_OPERATION_BY = re.compile(r"(?i)\b(?:operations?|missions?|campaign|sweeps?|crackdown|offensive|patrols?)\s+"
                           r"(?:[a-z-]+\s+){0,2}?by\s+(?:[^,;]{1,30}?\s+and\s+)?(?:the\s+)?$")
_NOUN_DOER = re.compile(r"^(?:'s|’s)?\s+(?:[a-z-]+\s+)?$")


def _noun_role(hit: NameHit, hits: list[NameHit], verbs: list[Verb], text: str, actor_kind: str) -> str | None:
    """The part of an actor in a happening told as a noun: 'strikes on X' and 'the arrest of X' target X, 'an
    X ambush', 'X's raid' and 'an attack by X' are X's deed; None when the name stands in no such phrase."""
    nouns = [v for v in verbs if not re.search(r"(?i)(?:ed|struck|met|hit)$", text[v.start:v.end])]
    head = list_head(hit, hits, text)
    if _OPERATION_BY.search(text[max(0, head.start - 90):head.start]):
        return "conducted"  # 'last week's joint operation by his forces and the Syrian Interior Ministry'
    for verb in (v for v in nouns if v.end <= head.start and v.kind in _VIOLENT):
        if _NOUN_TARGET.fullmatch(text, verb.start, head.start) or _NOUN_OF.search(text, verb.start, head.start):
            return object_role(verb.kind, actor_kind)
    for verb in (v for v in nouns if v.start >= hit.end and v.kind in _VIOLENT):
        anti = re.search(r"(?i)(?:anti|counter)-$", text[:hit.start])
        told = re.search(r"(?i)\b(?:an?|the|its|their)\s+$", text[:hit.start]) or re.match(
            r"(?:'s|’s)|[\w\s-]*?\s+(?:on|against|targeting)\s", text[hit.end:verb.end + 12])  # not 'ISIS attacks have risen'
        if _NOUN_DOER.fullmatch(text[hit.end:verb.start]) and told and not anti:
            return subject_role(verb.kind)  # 'an ISIS ambush on …', 'US strikes on …', 'the army's raid'
    return None


_VIOLENT = frozenset({"attack", "bombing", "raid", "airstrike", "armed-clash", "arrest", "seizure", "weapons-destroyed"})
_MEETS = re.compile(r"(?i)met|meets?|meeting|receiv\w*|host\w*|visit\w*|call\w*|spoke|talked|join\w*")
_COPULA = re.compile(r"(?i)is|are|was|were|be|been|being|seem\w*|remain\w*|became|become\w*")
_MEETING_TOPIC = re.compile(r"(?i)\s+(?:on|about|over|regarding|concerning|to\s+discuss)\b(?![^,;]*\bwith\b)")
_MEETING_WITH = re.compile(r"(?i)\bwith\s+(?:the\s+|his\s+|her\s+|its\s+)?(?:[A-Z][\w.'-]*\s+){0,3}$")


def _meeting(verbs: list[Verb]) -> bool:
    """Does the sentence tell a meeting (talks, a call, a visit), and no violent happening?"""
    return any(v.kind == "meeting" for v in verbs) and not any(v.kind in _VIOLENT for v in verbs)


def _meeting_role(hit: NameHit, hits: list[NameHit], clauses: list[Clause], verbs: list[Verb], text: str) -> str | None:
    """In a sentence that tells a meeting, both parties attended it: who met, called, visited, held talks or
    was received ('X met Y', 'X was received by Y', 'a call with Y', 'X flew to Damascus for talks with Y'),
    whatever the verb; None for the others (a speaker of its account, what was discussed)."""
    if not _meeting(verbs):
        return None
    talks = [v for v in verbs if v.kind == "meeting" and v.end <= hit.start]
    if talks and _MEETING_TOPIC.match(text, talks[-1].end, hit.start):
        return "mentioned"  # 'talks on the campaign against ISIS': what the meeting was about
    if _MEETING_WITH.search(text[:list_head(hit, hits, text).start]) and not _ABOUT.search(text[max(0, hit.start - 60):hit.start]):
        return "attended"  # 'talks with Y', 'a call on Thursday with Major General Y'
    for clause in clauses:
        word = text[clause.verb[0]:clause.verb[1]]
        if clause.how == "reduced" or clause.perfect or _STATEMENT.fullmatch(word) or _SPOKE_OF.fullmatch(word):
            continue
        parties = [] if _COPULA.fullmatch(word) else [clause.agent] if clause.passive else [clause.subject]
        if _MEETS.fullmatch(word):
            parties += [clause.subject, *clause.objects]  # 'X was received by Y', 'X met Y'
        if any(_names(phrase, hit, hits) for phrase in parties):
            return "attended"
    first = next((v for v in verbs if v.kind == "meeting"), None)  # 'X, Centcom's commander, flew … for talks'
    before = text[hit.end:first.start] if first and hit is min(hits, key=lambda h: h.start) else ";"
    return "attended" if not re.search(rf"[;:\"“]|\b(?:{SPEECH}|who|which|that)\b", before) else None


def sentence_roles(text: str, hits: list[NameHit], actor_kinds: dict[str, str],
                   clauses: list[Clause] | None = None) -> list[tuple[str, str]]:
    """(actor id, role) for every actor mention of a sentence, in order (clauses: the sentence parsed, or None)."""
    actors = [h for h in hits if h.kind == "actor"]
    verbs = event_verbs(text)
    roles = [(h.id, role_in_sentence(h, actors, verbs, text, actor_kinds.get(h.id, ""), clauses)) for h in actors]
    insurgent = any(role == "conducted" and actor_kinds.get(a) == "armed-group" for a, role in roles)
    if insurgent and verbs and verbs[0].kind in ("attack", "bombing"):  # an armed group's attack on the SDF
        roles = [(a, "victim" if role == "targeted" else role) for a, role in roles]  # harms; it is no target
    if _habitual(text, verbs):  # 'such attacks have frequently been carried out by X': no part in this one
        roles = [(a, "mentioned" if role in _PARTS else role) for a, role in roles]
    return roles


_PARTS = frozenset({"conducted", "targeted", "victim", "supported"})
_OFTEN = re.compile(r"(?i)\b(?:frequently|repeatedly|often|regularly|routinely|usually|still|(?:has|have)\s+long)\s+"
                    r"(?:been\s+)?(?:[a-z]+\s+)?$")


def _habitual(text: str, verbs: list[Verb]) -> bool:
    """Does the sentence tell what keeps happening ('X still mounts attacks', 'cells have repeatedly targeted
    trucks'), every happening word in it told as a habit, not the happening of the report?"""
    told = [v for v in verbs if not v.noun]
    return bool(told) and all(_OFTEN.search(text[max(0, v.start - 40):v.start]) for v in told)


def merge_role(old: str | None, new: str) -> str:
    if old is None:
        return new
    return min(old, new, key=ROLE_RANK.index)
