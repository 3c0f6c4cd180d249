"""Hedges: the cue that makes a sentence a possibility or a prediction, with its scope (a
scheduled, conditional or promised "will" is not a forecast; ability, legal penalties,
opinions and words that hedge in one sense only are not hedges)."""

from __future__ import annotations

import re

from ..lexicon import Lexicon

_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|"
           r"november|december)")
#: "on Dec.", "by Sept. 30": wire copy's month abbreviations
_MONTH_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.(?!\w)"
#: a time the story gives for a future event: "will" with one is a scheduled fact ("will vote
#: on Tuesday", "On Friday, the administration will announce"), not a prediction
_SCHEDULED = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|"
    r"(?:next|this|later\s+this)\s+(?:week|weekend|month)|later\s+today|"
    rf"(?:on|by|in|from|until)\s+(?:{_MONTHS}\b|{_MONTH_ABBR})|{_MONTHS}\s+\d{{1,2}}\b|"
    r"within\s+(?:a\s+few\s+|the\s+next\s+(?:few\s+)?)?(?:days|hours|a\s+week)\b|"
    r"in\s+(?:just\s+|only\s+)?(?:one|two|three|four|five|\d+)\s+(?:days?|weeks?|months?)|"
    r"by\s+the\s+end\s+of\s+the\s+(?:day|week|month)|until\b)", re.I)
_WILL = frozenset({"will", "won't", "is going to", "are going to"})
#: "wondered how X will", "whether she will": an indirect question, not a prediction
_QUESTION_BEFORE = re.compile(r"\b(?:how|whether|if|what|when|who)\s+(?:[\w'’-]+\s+){0,5}$", re.I)
#: the same without "if" (a condition's "could" still hedges: "If Harris could get them out")
_WH_BEFORE = re.compile(r"\b(?:how|whether|what|when|who)\s+(?:[\w'’-]+\s+){0,5}$", re.I)
#: "allies that will organize for Trump", "the time it will hold remains": "will" in a clause
#: that describes a noun, not the sentence's own forecast
_RELATIVE_BEFORE = re.compile(r"[\w'’]\s++(?:that|which|who)\s+$")  # not "That will take years"
#: the terms of a plan or a deal: its "will" says what is arranged, not a forecast ("The
#: planned blackouts will affect ...", "In return, Sudan will improve access ...")
_ARRANGED = re.compile(r"\b(?:planned|under\s+the\s+(?:deal|agreement|plan|accord|terms|law|"
                       r"new\s+rules)|in\s+return|as\s+part\s+of\s+the\s+(?:deal|agreement|plan)|"
                       r"the\s+(?:deal|agreement|accord)\s+(?:says|states|stipulates|requires)|"
                       # an appointment: "Natalio Wheatley will function as Acting Premier"
                       r"will\s+(?:serve|function|act|take\s+over|stand\s+in)\s+as|"
                       # what a sum will pay for: "The donation will cover the rest of the price"
                       r"will\s+(?:cover|fund|finance|pay\s+for)\b[^.;]{0,60}?\b(?:cost|costs|"
                       r"price|bill|fees?|expenses|rest|share|portion|purchase)\b)\b",
                       re.I)
#: "we will continue", "I will not evade", "We are working closely with ... and will offer":
#: the speaker's own promise or plan, not a forecast
_PROMISE = re.compile(r"\b(?:I|we|We)\s+(?:\w+ly\s+)?$"
                      r"|\b(?:I|we|We)\s+(?:are|am|have|were|had)\b[^.;,]{0,80}\band\s+$")
#: a sentence that opens with a condition: its "will" is conditional, not a forecast
_CONDITION = re.compile(r"^\W*(?:if|unless|should|were|once)\b", re.I)
#: "did all they could", "whatever it can": ability, not possibility
_ABILITY = re.compile(r"\b(?:all|everything|whatever|what)\s+(?:[\w'’]+\s+){0,2}$", re.I)
#: "could face decades in jail", "could result in a prison term": a legal maximum
_PENALTY = re.compile(r"^\s+(?:face|result\s+in|carry|bring)\b[^.;]{0,40}?\b(?:prison|jail|"
                      r"years|decades|sentence|fine|term)\b", re.I)
#: cues that hedge only as verbs of seeming, suspecting or warning, with what they need after
_NEEDS_AFTER = {
    "appear": r"\s+(?:to|that|as\s+if|likely|unlikely)\b", "appears": r"\s+(?:to|that|as\s+if|likely)\b",
    "appeared": r"\s+(?:to|that|as\s+if|likely)\b",
    "suspect": r"\s+(?:that|(?:\w+\s+){1,3}?(?:is|was|are|were|had|has|have)|\w+\s+of)\b",
    "suspects": r"\s+(?:that|(?:\w+\s+){1,3}?(?:is|was|are|were|had|has|have)|\w+\s+of)\b",
    "warned": r"\s+(?:(?:[\w'’-]+\s+){0,3}?that|of)\b", "warns": r"\s+(?:(?:[\w'’-]+\s+){0,3}?that|of)\b",
    # "would make it harder", "would damage its reputation": a predicted effect (not "said he
    # would attend", a plan reported, nor "would not comment")
    "would": r"\s+(?:not\s+|also\s+|probably\s+|likely\s+|only\s+|further\s+){0,2}(?:make|help|"
             r"enable|allow|cause|lead\s+to|mean|harm|damage|hurt|boost|increase|reduce|raise|lower|"
             r"face|result|trigger|spark|threaten|undermine|weaken|strengthen|drag|push|force|"
             r"cost|benefit|affect|destabili[sz]e|worsen|improve|deepen|escalate|prevent|"
             r"have\s+the\s+capacity|be\s+(?:able|unable|likely|difficult|harder|easier)|"
             r"die|rise|fall|grow|decline|collapse|fail|succeed|win|lose|happen|occur)\b",
    "possible": r"\s+(?:that|to|explanation|reason|cause|motive)\b",
    "possibility": r"\s+(?:that|of)\b",
    # "the policy risks alienating voters": a warning only as a verb ("security risks" is a noun)
    "risks": r"\s+(?:[a-z]+ing|a|an|the|being|further|more|his|her|their|its|our)\b",
}
#: "about equally likely", "twice as likely", "more likely than": a comparison of rates, not a
#: hedge ("the most likely reason" is one)
_COMPARED = re.compile(r"\b(?:more|less|equally|as|twice|times)\s+$", re.I)
#: "suspected" hedges as "is suspected", "suspected that", "suspected to": not "suspected
#: cases" or "people suspected of collaborating" (an accusation)
_SUSPECTED = re.compile(r"\b(?:is|are|was|were|been|be)\s+$", re.I)


#: "could hear", "could see", "could be heard": perception or ability in a past account (not
#: "could be seen as", a judgement)
_PERCEIVE = re.compile(r"(?<!\s)\s++(?:not\s++)?(?:hear|see|feel|smell|watch|tell\s++(?:that|from)|"
                       r"be\s++(?:heard|seen|felt|smelled|smelt|watched)\b(?!\s++as\b))\b", re.I)
#: "as quickly as I could", "as best they could": the measure of an ability, not a maybe
_AS_AS = re.compile(r"\bas\s++(?:\w+\s++){1,3}?as\s++(?:[\w'’-]+\s++){1,2}$", re.I)
#: a figure in a sentence: "I think only two people work at the mine" hedges a claim of fact
_FIGURE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens|"
                     r"hundreds|thousands|millions|half|most|all|none|only)\b", re.I)
#: verbs of opinion whose complement may itself be an opinion
_OPINING = frozenset({"think", "thinks", "thought", "believe", "believes", "believed", "feel"})


_SUPERLATIVE = re.compile(r"(?<!\s)\s++(?:well\s++)?be\s++(?:the|one\s+of\s+the|our|his|her|their)\s+"
                          r"(?:best|worst|greatest|finest|biggest\s+mistake|most\s+\w+)\b", re.I)


#: "I think", "I don't think", "we do not believe": the speaker's own view
_FIRST_PERSON_VIEW = re.compile(r"\b(?:I|we|We)\s+(?:(?:don['’]t|do\s+not|didn['’]t|did\s+not)\s+)?$")
#: "might have suffered the same fate had he not ...": what would have been, not a maybe
_COUNTERFACTUAL = re.compile(r"(?<!\s)\s++have\s++\w+ed\b[^.;]{0,120}?\bhad\s++(?:he|she|it|they|we|I|"
                             r"the\s+\w+)\s++(?:not|never)\b", re.I)


#: a counterfactual before the cue in its clause: "that would have meant suspects could ..."
_WHAT_WOULD_HAVE = re.compile(r"\bwould\s++have\s++\w+(?:ed|en|t)\b[^.;,]{0,80}+$", re.I)
#: a relative clause in the past before the cue: "that was", "which had been"
_PAST_RELATIVE = re.compile(r"\b(?:that|which|who)\s++(?:was|were|had\s++been)\s++$", re.I)


#: "it appears ...", "did it appear ...": a hedge whatever follows
_IT_BEFORE = re.compile(r"\bit\s+(?:would\s+|now\s+|also\s+)?$", re.I)
#: the clause a warning opens ("warned that", "warned the public that")
_THAT = re.compile(r"(?<!\s)\s++(?:[\w'’-]++\s++){0,3}?that\b", re.I)
#: what makes a warning a forecast: the future, a possibility or a danger in its clause
_FORESEEN = re.compile(r"\b(?:will|would|could|may|might|can|won['’]t|going\s+to|risks?|"
                       r"danger|threat|likely|soon|future|lead\s+to|cause|fac(?:e|es|ing)|brink|verge|heading|"
                       r"approaching|entering)\b", re.I)
#: "if you think", "if we believe": a condition, not the speaker's view
_IF_VIEW = re.compile(r"\bif\s+(?:you|we|they|people|anyone)\s+(?:really\s+)?$", re.I)


def hedge_of(text: str, lex: Lexicon, speaker: str | None = None) -> re.Match[str] | None:
    """The first cue that makes a sentence a possibility or a prediction, leaving out negated
    ability ("could not be verified"), legal maxima, scheduled and conditional "will",
    indirect questions, comparisons of rates ("twice as likely"), words that hedge only in some
    uses ("did not appear at the hearing", "suspected cases", "warned people to stay away"),
    and the ``speaker``'s own plan ("Police will proceed with DNA tests, police said")."""
    negated = [(m.start(), m.end()) for m in lex.not_hedge.finditer(text)]
    for m in lex.hedge.finditer(text):
        if any(s <= m.start() < e for s, e in negated):
            continue
        word = " ".join(m.group().lower().split())
        before, after = text[: m.start()], text[m.end() :]
        if word in _WILL and (_SCHEDULED.search(text) or _CONDITION.match(text)
                              or _RELATIVE_BEFORE.search(before)
                              or _QUESTION_BEFORE.search(before) or _PROMISE.search(before)
                              or _own_plan(before, speaker) or _ARRANGED.search(text)):
            continue
        if word in ("likely", "unlikely") and _COMPARED.search(before):
            continue
        if word in ("could", "can", "may", "might") and (
                _ABILITY.search(before) or _PENALTY.match(after)):
            continue
        if word in _NEEDS_AFTER and not re.match(_NEEDS_AFTER[word], after, re.I) and not (
                word in ("appear", "appears", "appeared") and _IT_BEFORE.search(before)):
            continue  # ("it appears the FBI took action": the clause is hedged, "that" left out)
        if word in ("warned", "warns", "warn") and (that := _THAT.match(after)) and \
                not _FORESEEN.search(after, that.end(), that.end() + 120):
            continue  # "warned that platforms are being exploited": a charge, not a forecast
        if word in ("may", "might", "could", "would") and _WH_BEFORE.search(before):
            continue  # "how the declaration might affect relations": an indirect question
        if word in _OPINING and _IF_VIEW.search(before):
            continue  # "If you think that ...": a condition, no one's view
        if word == "suspected" and not (_SUSPECTED.search(before)
                                        or re.match(r"\s+(?:that|to)\b", after)):
            continue
        if word in ("may", "might", "could") and re.search(r"\bwho\s+$", before):
            continue  # "any woman who may have delivered": whom to look for, not a claim
        if word in ("may", "might", "could") and _SUPERLATIVE.match(after):
            continue  # "this might be the best decision": an opinion, not a possibility
        if word == "suggest that" and re.search(r"\bto\s+$", before):
            continue  # "has tried to suggest that he barely knows him": an account, no hedge
        if word in ("think", "thinks") and re.match(r"\s+(?:tanks?|of)\b", after, re.I):
            continue  # "a think tank"; "we tend to think of the region as": to picture it
        if word in ("could", "might", "would") and re.search(
                r"\b(?:before|until|so\s+that|in\s+order\s+that|so(?=\s+(?:he|she|they|it|we|I|you)\s))"
                r"\s+(?:[\w'’-]+\s+){0,4}$", before, re.I):
            continue  # "Before the testimony could resume", "so they could look their best":
            # time or purpose, not a maybe
        if word in ("could", "can") and _AS_AS.search(before) and \
                not re.match(r"\s++\w", after):
            continue  # "I ran as quickly as I could": ability, not possibility
        if word in ("could", "can", "couldn't") and _PERCEIVE.match(after):
            continue  # "Holmes could hear Trump's voice": what someone perceived, not a maybe
        if word in ("may", "might", "could") and _COUNTERFACTUAL.match(after):
            continue  # "might have suffered the same fate had he not ...": a counterfactual
        if _WHAT_WOULD_HAVE.search(before):
            continue  # "legislation that would have meant suspects could be extradited": what a
            # counterfactual would have brought, not a maybe
        if _PAST_RELATIVE.search(before) or (word.startswith(("was ", "were ")) and
                                             re.search(r"\b(?:that|which|who)\s+$", before)):
            continue  # "the 4.8 percent gain that was expected", "the government, which was
            # suspected of ...": a past expectation describing a noun, not the claim's hedge
        if word in _OPINING and (lex.opinions.search(text) or (
                _FIRST_PERSON_VIEW.search(before) and not _FIGURE.search(text))):
            continue  # "I think it is inappropriate", "I think this is the moment": a view,
            # not a claim hedged ("I think only two people work there" is one)
        return m
    return None


def _own_plan(before: str, speaker: str | None) -> bool:
    """Whether the subject just before "will" is the speaker itself ("Police will proceed ...",
    forensic police said): an institution announcing its own plan, not a forecast."""
    words = re.findall(r"[A-Za-z][\w'’-]*", speaker or "")
    subject = re.findall(r"[A-Za-z][\w'’-]*", before)[-1:]
    head = words[-1].lower() if words else ""
    if head and head not in ("he", "she", "they", "it", "we", "i") and \
            [head] == [w.lower() for w in subject]:
        return True
    # "The UK's prime minister, Rishi Sunak, has said the UK will ...": the body the speaker
    # speaks for, named as the speaker's owner
    owners = {w[:-2].lower() for w in words if w.endswith(("'s", "’s")) and w[:1].isupper()}
    return bool(subject) and subject[0][:1].isupper() and subject[0].lower() in owners
