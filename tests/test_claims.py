"""Claims, attribution and flags: the sample story as the issue requires, one story per flag
with its near misses, and the labelled set's floors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import verify
from verify.detect.claims import source_type
from verify.detect.sentences import split_sentences
from verify.lexicon import load
from verify.model import Span

from .conftest import FIXTURES


def claim(report: verify.Report, start: str) -> verify.model.Claim:
    found = [c for c in report.claims if c.text.startswith(start)]
    assert found, f"no claim starts with {start!r}: {[c.text[:40] for c in report.claims]}"
    return found[0]


def codes(report: verify.Report, item_id: str) -> set[str]:
    return {f.code for f in report.flags_for(item_id)}


@pytest.fixture(scope="module")
def sample(sample_story_path: Path) -> verify.Report:
    return verify.scan(sample_story_path)


@pytest.fixture(scope="module")
def sample_story_path() -> Path:
    shared = FIXTURES.parent.parent / "shared" / "seeds" / "sample-story.txt"
    return shared if shared.is_file() else FIXTURES / "stories" / "sample-story.txt"


# --- the sample story, as the issue lists it ----------------------------------------------

@pytest.mark.parametrize(("start", "party"), [
    ("Mali’s northern Tuareg rebels claimed they killed", True),
    ("The army reported losing two soldiers", False),
    ("The rebel group, the Permanent Strategic Framework", True),
    ("Mohamed Elmaouloud Ramadane, spokesman", True),
    ("The Malian army confirmed that two soldiers were killed", False),
])
def test_sample_unverified_claims(sample: verify.Report, start: str, party: bool) -> None:
    c = claim(sample, start)
    assert "unverified_by_story" in codes(sample, c.id)
    if party:
        assert "party_claim" in codes(sample, c.id)


def test_sample_conflicting_figures(sample: verify.Report) -> None:
    rebels = claim(sample, "Mali’s northern Tuareg rebels claimed")
    army = claim(sample, "The army reported losing two soldiers")
    for c in (rebels, army):
        assert "conflicting_accounts" in codes(sample, c.id)
    flag = next(f for f in sample.flags_for(rebels.id) if f.code == "conflicting_accounts")
    assert army.id in flag.reason and "dozens of soldiers" in flag.reason
    assert {sample.evidence(s) for s in flag.evidence} >= {"dozens of soldiers", "two soldiers"}


def test_sample_attribution(sample: verify.Report) -> None:
    rebels = claim(sample, "Mali’s northern Tuareg rebels claimed")
    assert (rebels.source.name, rebels.source.type, rebels.verb, rebels.stance) == (
        "Mali’s northern Tuareg rebels", "armed_group", "claimed", "distancing")
    assert (rebels.quantities[0].text, rebels.quantities[0].exact) == ("dozens of soldiers", False)
    army = claim(sample, "The army reported losing two soldiers")
    assert [(q.text, q.value, q.exact) for q in army.quantities] == [
        ("two soldiers", 2.0, True), ("around 20 rebels", 20.0, False)]
    confirmed = claim(sample, "The Malian army confirmed")
    assert (confirmed.source.type, confirmed.stance) == ("military", "assertive")
    assert [q.text for q in confirmed.quantities] == ["two soldiers", "10 injured"]
    they = claim(sample, "They also reported damaging a helicopter")
    assert they.source.type == "armed_group" and "rebel group" in (they.source.name or "")
    he = claim(sample, "He also noted")
    assert (he.source.name or "").startswith("Mohamed Elmaouloud Ramadane")
    assert claim(sample, "Mohamed Elmaouloud Ramadane").quote is True


def test_sample_tweet_media_and_state_media(sample: verify.Report) -> None:
    (tweet,) = sample.embeds
    assert codes(sample, tweet.id) == {"social_media_only"}
    refs = {r.text: r for r in sample.media_refs}
    for text in ("Amateur videos circulated on social media", "Recent satellite imagery reveals"):
        assert codes(sample, refs[text].id) == {"no_provenance"}
    peskov = claim(sample, "The decision to grant political asylum")
    assert "state_media" in codes(sample, peskov.id)
    assert peskov.source.name == "Kremlin spokesman Dmitry Peskov"
    nato = claim(sample, "Russia’s recent acts of sabotage")
    assert "speculative" in codes(sample, nato.id)


@pytest.mark.parametrize("start", [
    "Russian Deputy Foreign Minister Sergei Ryabkov has confirmed",
    "Russian President Vladimir Putin has signed into law",
    "Bulgaria",
])
def test_sample_not_unverified_outside_its_story(sample: verify.Report, start: str) -> None:
    for c in sample.claims:
        if c.text.startswith(start):
            assert "unverified_by_story" not in codes(sample, c.id)
    flagged = {f.item for f in sample.flags if f.code == "unverified_by_story"}
    texts = [c.text for c in sample.claims if c.id in flagged]
    assert not any(t.startswith(start) for t in texts)


# --- one story per flag, with near misses ---------------------------------------------------

FLAG_CASES = [
    # (story, sentence start, expected flag, present?)
    ("The army said it killed 30 fighters, a figure that could not be independently verified.",
     "The army said", "unverified_by_story", True),
    ("The army said it killed 30 fighters. Reuters could not independently verify the figure.",
     "The army said", "unverified_by_story", True),
    ("The army said it killed 30 fighters. The video could be verified by experts, the BBC said.",
     "The army said", "unverified_by_story", False),
    ("Rebels said they shot down a drone. Officials could not be reached for comment.",
     "Rebels said", "unverified_by_story", False),
    ("The militia claimed it captured the airport.", "The militia claimed", "party_claim", True),
    ("The UN said the militia captured the airport.", "The UN said", "party_claim", False),
    ("Rebels said they shot down a drone.", "Rebels said", "party_claim", True),
    ("The army said its troops repelled an assault near the border.", "The army said",
     "party_claim", True),
    ("The army said it would build a new school in the town.", "The army said", "party_claim",
     False),
    ("Sources said the minister would resign.", "Sources said", "anonymous_source", True),
    ("The minister said she would resign.", "The minister said", "anonymous_source", False),
    ("A fire swept through the market on Sunday.\n\nMore than 40 people died in the fire.",
     "More than 40 people", "unattributed", True),
    # the lede is the reporter's own account of the core event (GUIDE.md)
    ("More than 40 people died in the fire.", "More than 40 people", "unattributed", False),
    ("Fighting broke out in the north.\n\nIn 1998, more than 200 people died in the war.",
     "In 1998", "unattributed", False),
    ("More than 40 people died in the fire, the fire brigade said.", "More than 40 people",
     "unattributed", False),
    ("The ministry said the strikes hit depots, RIA Novosti reported.", "The ministry said",
     "state_media", True),
    ("The ministry said the strikes hit depots, Reuters reported.", "The ministry said",
     "state_media", False),
    ("The storm may reach the coast on Friday.", "The storm may", "speculative", True),
    ("The storm reached the coast on Friday, officials in May said the damage was minor.",
     "The storm reached", "speculative", False),
    ("Rescuers could not reach the village, which the army shelled on Monday.",
     "Rescuers could not", "speculative", False),
    ("The army declined to comment on the report.", "The army declined", "speculative", None),
    # a source that changed its account gives two versions (GUIDE.md: conflicting_accounts)
    ("The navy initially said 40 bodies had been recovered.", "The navy initially",
     "conflicting_accounts", True),
    ("The navy said 40 bodies had been recovered.", "The navy said", "conflicting_accounts",
     False),
    # a wholesale denial answers an accusation the story states with no accuser
    ("The mayor is accused of taking bribes from the developer.\n\nHe has always denied the "
     "allegations.", "The mayor is accused", "conflicting_accounts", True),
    ("The mayor took office in 2019.\n\nThe bridge was closed for repairs. He has always denied"
     " the allegations.", "The bridge was closed", "conflicting_accounts", False),
    # campaigns, unions and litigants are parties; unnamed people are anonymous
    ("The rally was peaceful.\n\nThe union said more than 15,000 people registered for the "
     "rally.", "The union said", "party_claim", True),
    ("The rally was peaceful.\n\nThe weather service said more than 15,000 people registered.",
     "The weather service said", "party_claim", False),
    ("Two people briefed on the talks said the deal was close.", "Two people briefed",
     "anonymous_source", True),
    ("A company spokesman said the deal was close.", "A company spokesman", "anonymous_source",
     False),
    ("Flights were delayed, the airline's chief executive tweeted.", "Flights were delayed",
     "social_media_only", True),
    # a company or government praising its own performance is a party (GUIDE.md, "Parties")
    ("Safety is our top priority and the aircraft was fully inspected, the airline said.",
     "Safety is our top priority", "party_claim", True),
    ("The aircraft was inspected on Monday, the airline said.", "The aircraft was inspected",
     "party_claim", False),
    ("A user on X claimed that the bridge had collapsed.", "A user on X claimed", "social_media_only",
     True),
    ("The rebels said they killed 50 soldiers. The army said two soldiers were killed.",
     "The rebels said", "conflicting_accounts", True),
    # dead against wounded count two different things (issue 11: "dead against wounded" was
    # a wrong conflicting_accounts)
    ("The rebels said they killed 50 soldiers. The army said two soldiers were wounded.",
     "The rebels said", "conflicting_accounts", False),
    ("Mayor Karim Nassar said 23 people were killed. The regional governor, Amir Sadat, put "
     "the death toll at nine.", "Mayor Karim Nassar", "conflicting_accounts", True),
    ("The rebels said they killed 50 soldiers. The army said it killed 45 rebels.",
     "The rebels said", "conflicting_accounts", False),
    ("Witnesses said police fired tear gas. A police spokesman denied that tear gas was used.",
     "A police spokesman denied", "conflicting_accounts", True),
    ("Witnesses said police fired tear gas. A police spokesman denied any wrongdoing by staff.",
     "A police spokesman denied", "conflicting_accounts", False),
]


@pytest.mark.parametrize(("story", "start", "code", "present"), FLAG_CASES)
def test_flag_and_near_miss(story: str, start: str, code: str, present: bool | None) -> None:
    report = verify.scan(story)
    if present is None:  # not a claim at all: a no-comment line states no fact
        assert not [c for c in report.claims if c.text.startswith(start)]
        return
    c = claim(report, start)
    assert (code in codes(report, c.id)) is present, [f.reason for f in report.flags]


def test_flags_have_plain_reasons_and_evidence(sample: verify.Report) -> None:
    for f in sample.flags:
        assert f.severity in ("high", "medium", "low")
        assert f.reason.endswith((".", ")", '"')) and len(f.reason) < 400
        assert f.evidence and all(0 <= s.start < s.end <= len(sample.text) for s in f.evidence)


def test_neither_side_stays_in_its_story() -> None:
    story = ("Army reports gains in the east\n"
             "The army said it recaptured two villages.\n"
             "Rebels said they repelled the attack.\n"
             "Neither side's account could be independently verified.\n"
             "Flooding closes schools in the capital\n"
             "The education ministry said 40 schools were closed.")
    report = verify.scan(story)
    flagged = {report.item(f.item).text for f in report.flags if f.code == "unverified_by_story"}
    assert {"The army said it recaptured two villages.",
            "Rebels said they repelled the attack."} <= flagged
    assert "The education ministry said 40 schools were closed." not in flagged


def test_questions_and_background_are_not_claims() -> None:
    report = verify.scan("Is the toll accurate? The Tuareg, an ethnic group of the Sahara, often "
                         "feel marginalized. The army said 12 soldiers died.")
    assert [c.text for c in report.claims] == ["The army said 12 soldiers died."]


@pytest.mark.parametrize(("name", "kind"), [
    ("Kremlin spokesman Dmitry Peskov", "government"),
    ("Mali’s northern Tuareg rebels", "armed_group"),
    ("The Malian army", "military"),
    ("TASS", "state_media"),
    ("Human Rights Watch researchers", "ngo_expert"),
    ("Residents who fled", "witness"),
    ("Sources close to the talks", "anonymous"),
    ("The electoral commission", "official"),
])
def test_source_types(name: str, kind: str) -> None:
    assert source_type(name, load()) == kind


def test_sentence_splitter_keeps_abbreviations() -> None:
    text = 'Lt. Gen. Saleh said the U.S. convoy left at 5 p.m. on Friday. "We won," he said.'
    spans = split_sentences(text, [Span(0, len(text))])
    assert [text[s.start : s.end] for s in spans] == [
        "Lt. Gen. Saleh said the U.S. convoy left at 5 p.m. on Friday.", '"We won," he said.']


def test_labelled_set_meets_its_floors() -> None:
    from benchmarks.claims import LABELLED, build, predicted

    data = json.loads(LABELLED.read_text(encoding="utf-8"))
    tp = fp = fn = ctp = cfp = 0
    for story in data["stories"]:
        text, gold = build(story)
        report = verify.scan(text)
        for (_, is_claim, want), (got_claim, got) in zip(gold, predicted(report, gold), strict=True):
            tp += len(want & got)
            fp += len(got - want)
            fn += len(want - got)
            ctp += is_claim and got_claim
            cfp += got_claim and not is_claim
    # floors at what the build reaches (0.745 / 0.972 / 0.909): this set was labelled under the
    # project's first, narrower definitions; GUIDE.md's wider ones (parties, carry-over, every
    # hedge) now rule, and the gate on the editors' sets is tests/test_flags_guide.py
    assert tp / (tp + fp) >= 0.72 and tp / (tp + fn) >= 0.95
    assert ctp / (ctp + cfp) >= 0.88


@pytest.mark.parametrize("text", [
    "Officials said " + "a" * 5000 + " @",
    "Officials said " + "a " * 5000 + "@",
    '"' + "We won, " * 2000 + '" said ' + "Derek " * 2000,
])
def test_adversarial_sentences_do_not_hang(text: str) -> None:
    """Attribution patterns stay linear: each of these ran for hours with the old
    nested-quantifier tail pattern ("a" * 100 already took 4.7 s). A child process, so that
    a regression fails here instead of hanging the suite."""
    import subprocess
    import sys

    code = "import sys, verify; r = verify.scan(sys.stdin.read()); print(len(r.claims))"
    done = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                          text=True, timeout=60, check=True)
    assert int(done.stdout) >= 1


def test_a_quoted_speaker_telling_what_was_said_is_still_the_source() -> None:
    """Inside a quotation, "I said" and "they said" are the quoted speaker telling the story:
    the source is the speaker, not "I" or "They"."""
    report = verify.scan("“We had the money ready,” the mayor recounted. “And I said, ‘I want "
                         "more.’ They said, ‘We cannot.’ I said, ‘Find it.’”")
    assert [c.source.name for c in report.claims] == ["the mayor"] * 4


def test_a_speaker_named_after_the_closing_mark_is_the_source() -> None:
    """A quotation over two sentences whose second names someone inside it ("Nothing you
    have said ...") belongs to the speaker named after it closes."""
    report = verify.scan("The prosecutor said the accused had lied.\n“We were there. Nothing "
                         "you have said changes that,” said Mpofu.")
    assert [c.source.name for c in report.claims] == ["The prosecutor", "Mpofu"]


@pytest.mark.parametrize(("text", "source"), [
    ("“The sea is shallow here,” said van Sebille, an oceanographer.", "van Sebille"),
    ("“We saw the smoke first,” said de Souza.", "de Souza"),
    ("One suspect is being questioned for transmitting the passwords.",
     None),
])
def test_name_particles_and_counted_nouns(text: str, source: str | None) -> None:
    """A surname's particle starts an inverted name ("said van Sebille"); a reporting verb that
    is also a noun, after a word that counts it, is the noun ("One suspect is being ...")."""
    name = verify.scan(text).claims[-1].source.name
    assert (name or None) == source or (source and name.startswith(source))


def test_a_clause_after_said_is_no_inverted_name() -> None:
    """ "X, a resident who saw the attack, said the moment he heard the blast he ran": the
    words after "said" are what he said (a clause with its own subject), not a name."""
    (claim,) = verify.scan("Yevhen Zosin, 74, a resident who witnessed the attack, said the moment "
                           "he heard the blast he ran outside.").claims
    assert claim.source.name.startswith("Yevhen Zosin")


@pytest.mark.parametrize(("text", "source"), [
    ("“We had the money ready,” the mayor recounted at a council meeting.", "the mayor"),
    ("The minister clarified that the delegation paid for its own flights.", "The minister"),
    ("The ambassador reminded that his country had condemned the attack.", "The ambassador"),
    ("The chief executive hinted that the company would cut prices.", "The chief executive"),
    ("The agency disclosed that 40 staff had been suspended.", "The agency"),
])
def test_reporting_verbs_that_tell_again_or_make_plain(text: str, source: str) -> None:
    """ "recounted", "clarified", "reminded", "hinted", "disclosed" report like "said"."""
    (claim,) = verify.scan(text).claims
    assert claim.source.name == source


@pytest.mark.parametrize(("text", "source"), [
    ("Both candidates are locked in close races across the seven top swing states.", None),
    ("North Carolina is one of a few states where a spouse can sue an affair partner.", None),
    ("The report states that 20 people died in the fire.", "The report"),
    ("The army claims it killed 20 rebels near the border.", "The army"),
])
def test_a_reporting_verb_that_is_a_plural_noun(text: str, source: str | None) -> None:
    """ "states" after a number or before "where" is a noun, not a source's verb."""
    (claim,) = verify.scan(text).claims
    assert claim.source.name == source


@pytest.mark.parametrize(("text", "source"), [
    ("Investigators are looking at the crew's decisions, said a source close to the probe.",
     "a source close to the probe"),
    ("The talks stalled on Monday, said a senior official.", "a senior official"),
    ("Palestinian Ambassador Ammar Hijazi, told the court that death looms large in Gaza.",
     "Palestinian Ambassador Ammar Hijazi"),
])
def test_a_source_after_its_verb(text: str, source: str) -> None:
    """ "..., said a source close to the probe": the source follows its verb; "X, told the
    court": the court listens, X speaks."""
    (claim,) = verify.scan(text).claims
    assert claim.source.name == source


def test_a_time_phrase_does_not_make_background() -> None:
    """ "in the past", "for years" date a claim; they do not make it a background definition
    ("X is the capital of Y" is background)."""
    claims = verify.scan("Scotland's NHS has coped with infectious diseases in the past, "
                         "the minister said.\nParis is the capital of France.").claims
    assert [c.text[:14] for c in claims] == ["Scotland's NHS"]


@pytest.mark.parametrize("text", [
    "“We’ll reach a conclusion. We won’t drag this out forever,” the prime minister said.",
    "“I will not evade responsibility for this,” he said.",
    "Here's a look at what we know about the case:",
    "This material may not be published, broadcast, rewritten or redistributed.",
])
def test_promises_and_signposts_are_not_claims(text: str) -> None:
    """A promise or an intention in the speaker's own words, a signpost to what follows and a
    reuse notice state no checkable fact (GUIDE.md: not claims)."""
    assert not [c for c in verify.scan(text).claims if c.text.startswith(text[:12])]


@pytest.mark.parametrize(("text", "source"), [
    # a relative clause set off by commas between the source and its verb
    ("Mr Tlali, who worked at the plant until 2019 before leaving over safety, said the dam "
     "had leaked for years.", "Mr Tlali"),
    ("Trump, as is his speaking style, said the case was a witch hunt.", "Trump"),
    ("Muhammad Sabir, a resident who lives near the mosque in Bahawalpur, described the chaos "
     "that followed the strike.", "Muhammad Sabir"),
    ("The ministry, which runs the camps, said 40 people had died there.", "The ministry"),
    # the speaker of a relative clause that is the object of a preposition
    ("The company faces complaints from three farming villages who claim its trucks have "
     "polluted the river.", "three farming villages"),
    ("The ban followed attacks on the agency by Interior Minister Anna Berg and allies, who "
     "claim it has been infiltrated.", "Interior Minister Anna Berg and allies"),
    # a relative clause on the main subject is not the claim's source
    ("The man who said he was a doctor was arrested at the border on Friday.", None),
    # a name that did something and then spoke
    ("Regarding the messages, Okafor adopted a calm tone and said none of them was a threat.",
     "Okafor"),
    # the pronoun after the last comma is the subject
    ("In her evidence in chief, and under questioning by the judge, she said the files were "
     "destroyed.", "she"),
    # a statement put out, then its content
    ("The ministry issued a statement saying 40 soldiers had been killed.", "The ministry"),
    ("The army released a video claiming it had destroyed 12 tanks.", "The army"),
    ("In a series of 19 tweets, she shared videos of the looting in the city.", None),
    # "maintains" reports only with what is said after it
    ("China maintains a near-daily military presence around the island.", None),
    ("The company maintained that it had done nothing wrong.", "The company"),
    # a name and its apposition between the quotation and the verb
    ("\u201cWe have no fuel left,\u201d Dr. Sobhi Skaik, the director of the hospital, said.",
     "Dr. Sobhi Skaik, the director of the hospital"),
])
def test_sources_news_writes_around_a_clause(text: str, source: str | None) -> None:
    """Attribution around relative clauses and coordinated verbs (issue 11)."""
    found = verify.scan(text).claims[0].source.name
    assert found == source


def test_joined_sources_take_the_first_ones_type() -> None:
    (claim,) = verify.scan("Prime Minister Anna Berg and allies claim the agency has been "
                           "infiltrated by the militia.").claims
    assert claim.source.type == "government"
    (claim,) = verify.scan("Military officers and government officials described a chaotic "
                           "night in the capital.").claims
    assert claim.source.type != "government"  # no name first: the group as a whole


def test_he_and_she_find_a_person_of_that_gender() -> None:
    """ "she" goes back to the latest woman named, past a man named later; "he" past a group."""
    report = verify.scan("Ms Adeyemi said the clinic had run out of insulin. Mr Brandt said the "
                         "order was delayed at customs. She said patients were turned away. "
                         "Hundreds of protesters and union members said the cuts were illegal. "
                         "He said the shipment would arrive on Monday.")
    by_start = {c.text.split()[0] + " " + c.text.split()[1]: c.source.name for c in report.claims}
    assert by_start["She said"] == "Ms Adeyemi"
    assert by_start["He said"] == "Mr Brandt"


def test_he_finds_a_speaker_named_by_surname_in_a_sentence_that_is_no_claim() -> None:
    """ "Graham told AP he was worried" is a feeling, not a claim, yet Graham is the latest
    speaker; "Graham" ends the full name "Lindsey Graham" named before, so he is one person."""
    report = verify.scan("James Blair, the campaign's political director, said the race was "
                         "close. Sen. Lindsey Graham brokered a truce with the governor. Graham "
                         "told The Associated Press he was worried about the state.\n\n"
                         "\u201cTrump was up 5 or 6 points, and it has become much more "
                         "competitive,\u201d he said.")
    assert report.claims[-1].source.name == "Graham"


def test_an_honorific_and_surname_are_the_person_named_in_full_before() -> None:
    """ "Mr Ng" after "SPH chief executive officer Ng Yat Chung": the same source, and type."""
    claims = verify.scan("SPH chief executive officer Ng Yat Chung said the group had cut costs "
                         "by S$40 million this year.\n\nMr Ng said that the move had put the "
                         "group in a good position.").claims
    assert claims[1].source == claims[0].source and claims[1].source.type == "company"


def test_a_source_that_relays_an_account_at_the_sentence_end_is_its_source() -> None:
    """ "A said ..., Investigator B wrote in search warrant documents": B relays A's words."""
    (claim,) = verify.scan("After the gunfire stopped, Avalos said she went outside and found "
                           "her boyfriend holding a gun, Investigator Robert Cornett wrote in "
                           "search warrant documents.").claims
    assert (claim.source.name, claim.source.type) == ("Investigator Robert Cornett", "official")
    (claim,) = verify.scan("The department noted that the station was searched in October, one "
                           "month after the Safeguard Defenders report.").claims
    assert claim.source.name == "The department"  # "report" is a noun here, no relaying verb


@pytest.mark.parametrize("name", ["The indictment", "Search warrant documents",
                                  "The affidavit", "A detective", "state advocate Yuri Gangai"])
def test_the_records_of_a_prosecution_are_official(name: str) -> None:
    assert source_type(name, load()) == "official"


@pytest.mark.parametrize(("name", "kind"), [
    ("Derek Scissors, a China scholar", "ngo_expert"),
    ("Republican pollster Paul Schumaker", "ngo_expert"),
    ("Matthew Levitt, senior fellow", "ngo_expert"),
    ("Another villager, Lipolelo Potobere", "witness"),
    ("a veteran GOP strategist who isn't aligned with any campaign", "anonymous"),
    ("Republican strategists who spoke to NBC News", "anonymous"),
    ("Pakistani military spokesperson Lt. Gen. Ahmed Sharif Chaudhry", "military"),
    ("A British Airways spokesman", "company"),
    ("a Kremlin spokesman", "government"),
])
def test_a_named_persons_role_gives_the_type(name: str, kind: str) -> None:
    """The role in a source's description says what it is (GUIDE.md source types)."""
    assert source_type(name, load()) == kind


@pytest.mark.parametrize(("name", "kind"), [
    # the head of the description, not a word that qualifies it
    ("Omar Lamrani, a senior military analyst at Stratfor, the Texas-based geopolitical "
     "intelligence organization", "ngo_expert"),
    # a specific role before a generic one
    ("CEO and president Craig Menear", "company"),
    ("Communications Minister Fahmi Fadzil", "government"),
    # what the source's body works against is no affiliation
    ("Cmdr. Sean Robertson, a spokesperson for Inherent Resolve, the U.S. military operation "
     "against Islamic State in Iraq and Syria", "military"),
    # a person named first is never anonymous by the words of the description...
    ("Jane Moyo, a senior adviser at the bank", "company"),
    # ...unless the description says so
    ("Jane Moyo, who asked not to be named", "anonymous"),
    ("Trump, and other critics of birthright citizenship", "anonymous"),
    ("a senior official", "anonymous"),
    ("a senior Hamas official", "anonymous"),
    # the body a role is sent to is no affiliation either: the head before "to" types it
    ("Nikki R. Haley, the United States ambassador to the United Nations", "government"),
    # an unnamed group that one capitalised word describes is still unnamed
    ("few Republican strategists", "anonymous"),
    # one unnamed professional, however senior: "a local hospital director"
    ("a local hospital director", "anonymous"),
    ("a manager at the plant", "anonymous"),
    # a role no longer held speaks for no one ("the former Soviet Union" is a state's name)
    ("David Marcus, a former adviser to the state energy commission", "other"),
    ("former Defense Secretary Jim Mattis", "other"),
    ("Defense Secretary Jim Mattis", "government"),
    ("the former Soviet Union's government", "government"),
    # a campaign owned by a name that is also an outlet's is a campaign
    ("Bloomberg's campaign", "other"),
    ("Bloomberg's news service", "media"),
    ("Neighbours", "anonymous"),
    # a source that relays others is typed by whom it relays when nobody names them
    ("the New York Times, citing three U.S. officials", "anonymous"),
    ("The Daily Herald, citing two police officers", "anonymous"),
    ("Reuters, citing the health ministry", "media"),
    ("The company, citing a report by the regulator", "company"),
])
def test_a_descriptions_head_and_specific_words_type_a_source(name: str, kind: str) -> None:
    """The third fresh review's fourth pattern: "Omar Lamrani, a senior military analyst at
    Stratfor" became the military and then anonymous, "CEO and president Craig Menear" a
    government, the spokesman of an operation against Islamic State an armed group."""
    assert source_type(name, load()) == kind


def test_a_first_name_of_one_sex_sends_she_past_a_man_named_later() -> None:
    """ "Kathleen Hawk Sawyer" is a woman and "Sen. Ben Sasse" a man (data/first_names.toml,
    from the US SSA's baby names), so "she" is Hawk Sawyer, typed by the role the story gave
    her; a place before a title gives no gender ("South Carolina Sen. ...")."""
    report = verify.scan("Attorney General William Barr put Kathleen Hawk Sawyer in charge of "
                         "the prisons bureau. Sen. Ben Sasse called the lapses absurd.\n\n"
                         "Hawk Sawyer, the bureau's director, said the guards were suspended. "
                         "Sasse said the charges were a start. But she acknowledged that "
                         "investigators had found other problems.")
    last = report.claims[-1]
    assert last.source.name.startswith("Hawk Sawyer") and last.source.type == "official"


def test_the_role_a_story_gives_a_person_types_their_later_quotes() -> None:
    """Titles before a name, a leading "As <role>," and an apposition type the surname."""
    story = ("As chief executive of the mining company, Kang Shao Pin has denied everything. "
             "Derek Scissors, a China scholar with the American Enterprise Institute, spoke "
             "first. Police arrested John Smith at the scene. Mark Kamau, a reporter for the "
             "Daily Nation newspaper, was there.\n\n"
             "Pin said the water source had been repaired. Scissors said tariffs would stay. "
             "Smith said he was innocent. Kamau said the road was closed.")
    kinds = {c.text.split()[0]: c.source.type for c in verify.scan(story).claims}
    assert kinds["Pin"] == "company" and kinds["Scissors"] == "ngo_expert"
    assert kinds["Kamau"] == "media"
    assert kinds["Smith"] == "other"  # arrested by the police: no role of his


def test_a_first_names_table_must_hold_first_names(tmp_path: Path) -> None:
    from verify.errors import VerifyError

    extra = tmp_path / "names.toml"
    extra.write_text('[first_names]\nfemale = ["Ngozi", "not a name"]\n', encoding="utf-8")
    with pytest.raises(VerifyError, match="first_names"):
        load(str(extra))
    extra.write_text('[first_names]\nfemale = ["Ngozi"]\n', encoding="utf-8")
    assert "Ngozi" in load(str(extra)).female_names


def test_an_admission_is_no_party_claim() -> None:
    """GUIDE.md: a party admitting something against its own interest is not a party claim."""
    story = ("Troops fired on the crowd during the clashes, and rebels shelled the town. "
             "The defence minister said he took full responsibility for the shooting. "
             "The defence minister said the troops had acted in self-defence.")
    report = verify.scan(story)
    party = {c.text.split(" said")[1][:20] for c in report.claims
             if "party_claim" in {f.code for f in report.flags if f.item == c.id}}
    assert not any("took full" in p for p in party)
    assert any("the troops" in p for p in party)


def test_a_lawyer_named_once_is_a_side_under_the_surname() -> None:
    """ "her lawyer Dali Moyo" makes "Moyo said ..." a party's claim later in the story."""
    story = ("The activist denies inciting violence, and prosecutors say her posts organised "
             "the riots. Her lawyer Dali Moyo asked the court to drop the charges. "
             "Moyo said none of the posts incited violence.")
    report = verify.scan(story)
    moyo = next(c for c in report.claims if c.text.startswith("Moyo said"))
    assert "party_claim" in {f.code for f in report.flags if f.item == moyo.id}


@pytest.mark.parametrize(("member", "party"), [
    ("Another villager, Jane Molefe, said the fish in the river died in May.", True),
    ("A farmer, Jane Molefe, said the fish in the river died in May.", False),
])
def test_a_member_of_a_group_that_is_a_side_speaks_for_it(member: str, party: bool) -> None:
    """ "Villagers accuse the company": a villager named later speaks for that side too (a
    farmer named later does not: the story has not shown farmers to be a side)."""
    report = verify.scan("Villagers accuse the mining company of poisoning their river. " + member)
    last = report.claims[-1]
    assert ("party_claim" in {f.code for f in report.flags if f.item == last.id}) is party


@pytest.mark.parametrize(("name", "kind"), [
    ("the attorney general's office", "official"), ("UN Secretary-General Antonio Guterres",
                                                    "official"), ("Gen. Mark Milley", "military"),
    ("acebush1", "social_media"), ("@eyewitness_news", "social_media"),
    ("Bushnell's LinkedIn page", "social_media"), ("G20", "other"), ("Smith", "other"),
    ("Tom Slater, editor of the online magazine Spiked", "media"),
])
def test_user_names_and_profiles_are_social_media(name: str, kind: str) -> None:
    """User names and platform pages are social media; "G20" and a surname are not."""
    from verify.detect.claims import source_type
    from verify.lexicon import load

    assert source_type(name, load()) == kind


def test_an_unnamed_group_that_wants_or_fears_is_an_anonymous_source() -> None:
    report = verify.scan("Health care providers have protested longer detention periods for "
                         "migrants. Workers have repaired the bridge over the river.")
    flagged = {c.text.split()[0] for c in report.claims
               if "anonymous_source" in {f.code for f in report.flags if f.item == c.id}}
    assert flagged == {"Health"}


def test_a_partys_opinion_or_demand_is_no_party_claim() -> None:
    """GUIDE.md: opinions, feelings and demands are not claims; a figure keeps the claim."""
    story = ("Rebels shelled the town and the army fired back during the clashes. "
             "The army spokesman said the rebels should be held accountable for the attack. "
             "The army spokesman said the rebels had lost 40 fighters in the fighting.")
    report = verify.scan(story)
    party = [c.text for c in report.claims
             if "party_claim" in {f.code for f in report.flags if f.item == c.id}]
    assert not any("held accountable" in t for t in party)
    assert any("40 fighters" in t for t in party)


def test_a_denial_inside_a_quotation_does_not_make_its_speaker_a_side() -> None:
    from verify.flags.actors import outside_quotes
    from verify.lexicon import load

    lex = load()
    assert outside_quotes(lex.denial, "Chief Hlajoane denied ever taking bribes.")
    assert not outside_quotes(lex.denial, 'She said a state may not "unilaterally declare" an agency '
                                     'partial "and deny its relief schemes".')


@pytest.mark.parametrize(("text", "hedged"), [
    ("Holmes could hear Trump's voice on the phone during the lunch in Kyiv.", False),
    ("He said outside allies that will organize for the campaign are well funded.", False),
    ("\u201cI don't think he's the right president now,\u201d she said.", False),
    ("Ramaswamy might have suffered the same fate had he not attacked DeSantis.", False),
    ("The plane might have stalled at that speed, investigators said.", True),
    ("Pollster Paul Schumaker said the turnout has the potential to give Harris the edge.", True),
    ("The timing coincides with the operation, raising questions about whether the outages "
     "are linked to it.", True),
    ("That will take years to repair, the engineer said.", True),
    ("\"I think it is inappropriate and misleading for a party to behave that way,\" he said.",
     False),
    ("\"I think only two people from here work at the mine,\" she said.", True),
    ("\"I think this is the moment for the movement,\" he said.", False),
    ("\"There is no reason to believe the commanders have changed,\" he said.", False),
    ("\"We are working closely with the health authorities and will offer assistance,\" "
     "a spokesman said.", False),
    ("The storm could hit the coast later in the week, forecasters said.", True),
    ("The general has warned that digital platforms are being exploited to incite unrest.",
     False),
    ("Aid groups have warned that the region is facing famine within weeks.", True),
    ("The doctors warned that the outbreak would spread to other camps.", True),
    ("Lee expressed concern about how the declaration might affect relations with Seoul.",
     False),
    ("It is unclear when an opinion could be issued by the court.", False),
    ("\"If Harris could get them to turn out, it is game over,\" the pollster said.", True),
    ("\"If you think that you are making a difference, you are wrong,\" he posted.", False),
    ("A Trump victory in Pennsylvania would make it much harder for Harris to win.", True),
    ("The ruling would damage the country's reputation abroad, the ambassador said.", True),
    ("The minister said he would attend the summit in Brussels.", False),
    ("The company would not comment on the report.", False),
    ("\"Only after this report did it appear the FBI took action,\" the letter stated.", True),
    ("He did not appear in court on Monday, his lawyer said.", False),
    ("The UK\u2019s prime minister, Rishi Sunak, has said the UK will be ready to train pilots.",
     False),
    ("Israel\u2019s army chief said Hamas will collapse within weeks.", True),
    ("\"We could never accept a deal like that,\" the minister said.", False),
])
def test_hedge_scope(text: str, hedged: bool) -> None:
    """Perception ("could hear"), a hedge inside an opinion, a negated belief, the speaker's
    own plan, a warning of what is happening now, a modal inside an indirect question and a
    condition's "if you think" are no speculation; a hedged figure, a forecast, a warning of
    what will come and a condition's "could" are (GUIDE.md)."""
    report = verify.scan(text)
    assert ("speculative" in {f.code for f in report.flags}) is hedged


def test_a_quoted_denial_word_is_no_denial() -> None:
    """ "... 'and deny its relief schemes'" in a legal counsel's quotation denies nothing: no
    conflicting_accounts with the accusations before it; a real denial still conflicts."""
    base = ("Officials accused the agency of hiding weapons at its depots. ")
    quoted = verify.scan(base + 'The counsel said a state may not "unilaterally declare" an '
                         'agency partial "and deny its relief schemes".')
    assert "conflicting_accounts" not in {f.code for f in quoted.flags}
    denied = verify.scan(base + "The agency denied hiding any weapons at its depots.")
    assert "conflicting_accounts" in {f.code for f in denied.flags}


@pytest.mark.parametrize(("text", "source", "anonymous"), [
    ("The shift sparked concern, with some analysts suggesting the army curbs the internet.",
     "some analysts", True),
    ("Speeds have dropped, with reports indicating that half of all users are affected.",
     "reports", True),
    ("Neither side believes that is still the case on Labor Day weekend.", "Neither side", True),
    ("Officials said the town fell, with residents saying they had fled at night.", "Officials",
     True),
    ("The army shelled the town, with tanks firing on homes near the market.", None, False),
])
def test_an_absolute_clause_names_who_reports(text: str, source: str | None,
                                              anonymous: bool) -> None:
    """ "..., with some analysts suggesting ...": the analysts say so (unnamed, so anonymous);
    a main clause's own source comes first; "with tanks firing" reports nothing."""
    report = verify.scan(text)
    assert report.claims[0].source.name == source
    assert ("anonymous_source" in {f.code for f in report.flags}) is anonymous


@pytest.mark.parametrize(("second", "conflict"), [
    ("A judge rejected the agency's attempt to delay the hearing.", False),
    ("The court dismissed the case on Monday.", False),
    ("A judge rejected the agency's request to inspect its weapons depots.", False),
    ("The agency rejected claims about weapons at its depots.", True),
    ("The agency dismissed reports of weapons at its depots as propaganda.", True),
    ("The agency rejects suggestions that it hid weapons.", True),
    ("Troops patrol the long disputed border near the agency's weapons depots.", False),
])
def test_rejecting_denies_only_an_account(second: str, conflict: bool) -> None:
    """ "rejected", "rejects" and "dismissed" deny an account only with one as their object
    (claims, a report, "that ..."): a judge rejecting a request is a ruling, not a version."""
    report = verify.scan("Officials accused the agency of hiding weapons at its depots. " + second)
    assert ("conflicting_accounts" in {f.code for f in report.flags}) is conflict


def test_source_names_are_noun_phrases_on_real_pages() -> None:
    """Issue 11: a source's name is a noun phrase, never a fragment ("and", "The", "... and",
    "She did not"). Checked on every held-out page kept in the repository."""
    import trafilatura

    pages = sorted((Path(__file__).parent.parent / "benchmarks" / "data" / "heldout" / "pages")
                   .glob("*.html"))
    assert pages
    bad = set()
    for page in pages:
        text = trafilatura.extract(page.read_text(encoding="utf-8", errors="replace")) or ""
        for c in verify.scan(text).claims:
            name = (c.source.name or "").strip()
            if name and (name.lower() in {"and", "or", "but", "the", "a", "an", "also"}
                         or re.search(r"\s(?:and|or|did\s+not)$", name)):
                bad.add(name)
    assert not bad


@pytest.mark.parametrize(("text", "source"), [
    ("UN officials have previously defended the agency's role, saying it could not be replaced.",
     "UN officials"),
    ("Shortly after, some of his defenders took to social media, claiming she was biased.",
     "some of his defenders"),
    ("Last week, Defence Minister Anna Berg said the agency would be banned.",
     "Defence Minister Anna Berg"),
])
def test_a_participle_takes_the_main_clauses_subject(text: str, source: str) -> None:
    """ "X did Y, saying ...": X is the source, not "X did Y"; a time phrase opening the
    sentence is not part of the subject."""
    assert verify.scan(text).claims[0].source.name == source



@pytest.mark.parametrize(("text", "source"), [
    ("WASHINGTON (CNN) -- Democrats said the programme is sound.", "Democrats"),
    ("KATHMANDU, April 25 (Reuters) - Nepal's civil aviation authority said the plane hit a "
     "bird.", "Nepal's civil aviation authority"),
    ("LONDON — The minister said the talks had failed.", "The minister"),
])
def test_a_dateline_is_no_source(text: str, source: str) -> None:
    """Issue 11: "[KATHMANDU, April 25 (Reuters) - Nepal's civil aviation authority, media]"."""
    assert verify.scan(text).claims[0].source.name == source


@pytest.mark.parametrize(("text", "hedged"), [
    ("Analysts at the think tank said exports fell by a third in March.", False),
    ("Before the testimony could resume, the judge called a recess.", False),
    ("The company had expected to open the plant in May, but the permit was refused.", False),
    ("The camera was installed so that it could, upon information and belief, capture the "
     "house, the lawsuit says.", True),
    ("The minister said they accepted the clothes so they could look their best abroad.", False),
    ("The minister said the clothes could cost the party votes abroad.", True),
    ("Workers were told their jobs will be terminated on Dec. 31, the union said.", False),
    ("Foreign ministers will meet within days to discuss new sanctions, the envoy said.", False),
    ("Workers were told their jobs will be terminated, the union said.", True),
    ("The planned blackouts will affect counties north of Sacramento.", False),
    ("In return, Sudan will improve access for aid groups, officials said.", False),
    ("The blackouts will affect counties north of Sacramento, forecasters warned.", True),
    ("Screams could be heard from inside the club, witnesses said.", False),
    ("I ran out as quickly as I could, one survivor said.", False),
    ("The fire could spread to nearby homes, firefighters said.", True),
    # a past expectation describing a noun, and what a counterfactual would have brought
    ("Comparable sales rose 3.6 percent, missing the 4.8 percent gain that was expected, the "
     "company said.", False),
    ("Protests were sparked by a bill that would have meant suspects could be extradited to "
     "the mainland, the group said.", False),
    ("The company was expected to miss its sales forecast, analysts said.", True),
    # what a sum pays for is the deal's terms; "think of" pictures, it does not hedge; the
    # future and fears in other words
    ("The donation will cover a portion of the purchase price, the museum said.", False),
    ("Many of us think of the region as one of the most repressive, the author said.", False),
    ("Amazon is going to have to reconfigure how it sells these products, the lawyer said.",
     True),
    ("Observers feared a humanitarian disaster in the besieged town, aid groups said.", True),
    ("Investigators suspect the fire was set deliberately, the report said.", True),
    ("The suspect was arrested on Monday, the report said.", False),
])
def test_words_that_only_look_like_hedges(text: str, hedged: bool) -> None:
    report = verify.scan(text)
    assert ("speculative" in {f.code for f in report.flags}) is hedged


def test_a_figure_sourced_inside_its_sentence_is_not_unattributed() -> None:
    report = verify.scan("Troops stormed the town on Monday. The strike, which they said killed "
                         "26 people, hit a market. Another strike killed 14 people near the port.")
    unattributed = [c.text for c in report.claims
                    if "unattributed" in {f.code for f in report.flags if f.item == c.id}]
    assert not any("they said" in t for t in unattributed)


def test_figures_of_two_places_or_of_one_source_do_not_conflict() -> None:
    """Two figures conflict only when they count the same thing: not tolls in two places, not
    one source's total and its parts (the review's live blog)."""
    places = verify.scan("India said at least seven people died in Indian-controlled Kashmir "
                         "from shelling. Pakistan said 26 people died in Kashmir in the strikes.")
    assert "conflicting_accounts" not in {f.code for f in places.flags}
    same = verify.scan("Police said 40 people were killed in the blast in the capital. "
                       "Medics said 12 people were killed in the blast in the capital.")
    assert "conflicting_accounts" in {f.code for f in same.flags}
    parts = verify.scan("Military spokesman Ahmed Sharif said 31 people were killed in the "
                        "strikes. Sharif said 26 people were killed in the strikes.")
    assert "conflicting_accounts" not in {f.code for f in parts.flags}


def test_a_source_key_is_not_its_determiner() -> None:
    """ "The army" and "The rebels" are two sources, not one keyed "The"."""
    from verify.flags.actors import who

    assert who("The army") != who("The rebels")
    assert who("Former councillor Seabata Moeketsi") == who("Mr Moeketsi")


def test_a_quotation_over_several_sentences_belongs_to_the_speaker_at_its_end() -> None:
    """ '"This is not easy. It never was," Judge Inaba noted.': the judge says both, not the
    source of the sentence before the quotation."""
    report = verify.scan("The prosecutor said the fraud was clear. \u201cThis is not easy to "
                         "decide for anyone. It never was for the court. We will decide soon,"
                         "\u201d Judge Inaba noted.")
    assert [c.source.name for c in report.claims] == [
        "The prosecutor", "Judge Inaba", "Judge Inaba"]


def test_a_third_countrys_government_is_no_side_of_a_war() -> None:
    """GUIDE.md: a side's government is a party on the conflict; another country's is not."""
    story = ("India said its missiles struck nine sites in Pakistan overnight. Pakistan said "
             "its troops shot down five Indian jets in the clashes. Indian artillery shelled "
             "Pakistani posts, and Pakistan fired back at Indian positions. "
             "The British foreign office said 12 civilians were killed in the strikes. "
             "Pakistan's army said 31 civilians were killed in the strikes.")
    report = verify.scan(story)
    party = {c.text.split(" said")[0] for c in report.claims
             if "party_claim" in {f.code for f in report.flags if f.item == c.id}}
    assert "The British foreign office" not in party
    assert "Pakistan's army" in party


def test_a_kicker_and_a_call_to_the_reader_are_not_read_as_the_story() -> None:
    """A capitals kicker ("RISK REMAINS:") is no part of the source's name, and a feedback
    prompt ("Tell us what you think.") is a call to action, no claim (GUIDE.md)."""
    report = verify.scan("RISK REMAINS: An official said that the talks had stalled on Monday. "
                         "Tell us what you think about the talks.")
    assert [c.source.name for c in report.claims] == ["An official"]
    assert {f.code for f in report.flags} == {"anonymous_source"}


@pytest.mark.parametrize(("text", "source", "kind"), [
    ("Republican strategists who spoke to NBC News said the race was tightening.",
     "Republican strategists who spoke to NBC News", "anonymous"),
    ("Residents who fled the town said soldiers fired on them.", "Residents who fled the town",
     "witness"),
    ("A former Israeli intelligence officer said the tunnels ran under the hospital.",
     "A former Israeli intelligence officer", "anonymous"),
    ("Investigators said the fire started in the kitchen.", "Investigators", "official"),
    ("The man who said he was a doctor was arrested.", None, "none"),
])
def test_people_with_a_relative_clause_or_an_unnamed_role_are_the_source(
        text: str, source: str | None, kind: str) -> None:
    """ "who" stands for people: "Strategists who spoke to NBC News said" names its speakers;
    one unnamed professional is an anonymous source, a bare plural body is not (GUIDE.md)."""
    claim = verify.scan(text).claims[0]
    assert (claim.source.name, claim.source.type) == (source, kind)


def test_a_post_on_a_named_platform_is_social_media_and_its_account_goes_on() -> None:
    """GUIDE.md: "a video posted on TikTok" is social media's alone (social_media_only, not
    no_provenance); the source's later "he added" is the same post; a place after "from" is
    no one, so "Videos from Gaza circulated on social media" keeps no_provenance."""
    story = ("In a Facebook video posted after the killings, Mateen said: \"God will punish "
             "those who do wrong.\" \"But he has killed those people, and I am so saddened,\" "
             "he added. A YouTube video dated Jan. 11, 2014, showed Mateen interviewing Ghani. "
             "In another video, he accused Obama of supporting the agency and urged him to cut "
             "off funding.")
    report = verify.scan(story)
    codes = {c.text.split()[1]: {f.code for f in report.flags if f.item == c.id}
             for c in report.claims}
    assert all("social_media_only" in found for found in codes.values()), codes
    assert len(report.claims) == 4  # the accusation before "and urged" is a claim
    assert "no_provenance" not in {f.code for f in report.flags}
    assert report.claims[1].source.channel == "In a Facebook video"
    assert report.claims[2].source.type == "social_media"
    gaza = verify.scan("Videos from Gaza circulated on social media showing the strike.")
    assert [f.code for f in gaza.flags] == ["no_provenance"]


@pytest.mark.parametrize(("text", "party"), [
    ("The rebels shelled the port and the army fired back. The army announced that a rebel "
     "vessel had deliberately rammed its patrol boat near the island.", True),
    ("The rebels shelled the port and the army fired back. The army announced that it would "
     "withdraw from the town.", False),
    ("The rebels shelled the port and the army fired back. The army announced a curfew in "
     "the capital.", False),
    ("Michael Fitton, defending, said Hartley had 20 years of experience and an unblemished "
     "record.", True),
    ("James Townsend, prosecuting, said Hartley had ignored the warnings.", False),
])
def test_an_announcement_is_exempt_only_as_a_plan(text: str, party: bool) -> None:
    """GUIDE.md: a party announcing its own decision or plan is no party claim; "announced
    that" the other side rammed a boat is an account. Counsel "defending" is the defence's,
    "prosecuting" the prosecution's (an official source)."""
    report = verify.scan(text)
    last = report.claims[-1]
    assert ("party_claim" in {f.code for f in report.flags if f.item == last.id}) is party


@pytest.mark.parametrize(("text", "source", "kind"), [
    ("McDaniel, whom Ramaswamy called on to resign as head of the RNC, said the party was "
     "united.", "McDaniel", "other"),
    ("CIA Director William Burns last year said the threat was real.",
     "CIA Director William Burns", "government"),
    ("The Trump campaign said it had raised $50 million in July.", "The Trump campaign",
     "other"),
    ("President Ramzan Kadyrov has declared war on what he regards as public indecency.",
     None, "none"),
    ("The minister declared that the talks had failed.", "The minister", "government"),
])
def test_source_names_and_types_read_as_an_editor_does(text: str, source: str | None,
                                                        kind: str) -> None:
    """A call inside an aside ("whom X called on to resign") leaves the sentence a claim and the
    aside out of the name; a time phrase is no part of a name; an intelligence agency speaks
    for its government; a campaign is no government (it is still a party, GUIDE.md)."""
    claim = verify.scan(text).claims[0]
    assert (claim.source.name, claim.source.type) == (source, kind)


def test_a_possessive_name_is_not_the_person_who_owns_it() -> None:
    """ "Yoon's rival" in Lee's apposition does not make a later "Yoon said" Lee's, nor Lee a
    side of Yoon's accusations."""
    story = ("Lee Jae-myung, leader of the opposition Democratic Party and Yoon\u2019s rival in "
             "the 2022 election, described the address as very disappointing. In his address, "
             "Yoon accused the opposition-controlled parliament of paralyzing the government.")
    report = verify.scan(story)
    assert report.claims[-1].source.name == "Yoon"
    lee = report.claims[0]
    assert "party_claim" not in {f.code for f in report.flags if f.item == lee.id}


def test_a_sides_department_speaks_for_that_side() -> None:
    """GUIDE.md: a side's government, ministries and spokespeople are parties; once "South
    Africa accused Israel of genocide" makes South Africa a side, its foreign department's
    director-general is one too (a state suing another)."""
    story = ("South Africa accused Israel of committing genocide against Palestinians in Gaza. "
             "South Africa\u2019s Department of International Relations spokesman, Zane Dangor, "
             "told the court that the collapse of the aid system was by design.")
    report = verify.scan(story)
    dangor = report.claims[-1]
    assert "party_claim" in {f.code for f in report.flags if f.item == dangor.id}
    alone = verify.scan("South Africa\u2019s Department of International Relations spokesman, "
                        "Zane Dangor, told the court that the aid system had collapsed.")
    assert "party_claim" not in {f.code for f in alone.flags}


@pytest.mark.parametrize(("text", "conflict"), [
    ("Netanyahu's allies claim UNRWA has been infiltrated by Hamas, an allegation the agency "
     "refutes.", True),
    ("He is on trial for fraud, charges he denies.", True),
    ("Police said the claim that he fled was false.", False),
    ("The agency refutes nothing in the report, its director said.", False),
])
def test_an_account_and_its_denial_in_one_sentence_conflict(text: str, conflict: bool) -> None:
    """GUIDE.md: where both versions are in one sentence ("an allegation the agency refutes"),
    that sentence gets conflicting_accounts."""
    report = verify.scan(text)
    assert ("conflicting_accounts" in {f.code for f in report.flags}) is conflict


def test_a_disclaimer_with_an_adverb_inside_still_disclaims() -> None:
    """Wire copy puts adverbs inside the disclaimer ("could not be immediately verified",
    "could not immediately be confirmed"); the claim carrying it is unverified_by_story."""
    for disclaimer in ("could not be immediately verified", "could not immediately be confirmed",
                       "could not be independently corroborated"):
        report = verify.scan(f"The group claimed the attack on Telegram; the claim {disclaimer}.")
        assert "unverified_by_story" in {f.code for f in report.flags}, disclaimer


def test_a_span_of_time_between_subject_and_verb_is_no_part_of_the_name() -> None:
    """ "Munir has over the past few months repeatedly warned that ...": Munir is the source."""
    claim = verify.scan("Pakistan's army chief General Asim Munir has over the past few months "
                        "repeatedly warned that digital platforms are being exploited.").claims[0]
    assert claim.source.name == "Pakistan's army chief General Asim Munir"


@pytest.mark.parametrize(("text", "unsourced"), [
    ("Most polls show Harris narrowly ahead in Pennsylvania.", True),
    ("Trump, who beats DeSantis by 35 points in national polls, skipped the debate.", True),
    ("The latest opinion poll, published Wednesday night, put Connolly on 55.7 percent.", True),
    ("Data show that burglaries fell by 10 percent last year.", True),
    ("A Gallup poll found that 55 percent of voters approve.", False),
    ("A poll by YouGov found 40 percent support for the plan.", False),
    ("Data from the Health Ministry show 300 deaths in the city.", False),
    ("He said the data center in the city was closed.", False),
])
def test_polls_and_data_with_no_named_source_have_no_provenance(text: str,
                                                                 unsourced: bool) -> None:
    """GUIDE.md: "data show", "most polls" with no pollster, publisher or source named are
    no_provenance (and the figure they give is not flagged a second time as unattributed)."""
    codes = [f.code for f in verify.scan("The race tightened this week. " + text).flags]
    assert ("no_provenance" in codes) is unsourced
    assert "unattributed" not in codes


@pytest.mark.parametrize(("text", "source", "kind"), [
    ("Additionally, Mamabolo said the plan was working.", "Mamabolo", "other"),
    ("As Emily Feng reported, the firewall slowed traffic across the country.", "Emily Feng",
     "other"),
    ("The lawmakers wrote in their letter that the FBI had been slow.", "The lawmakers",
     "government"),
    ("Lawmakers said the bill would pass next week.", "Lawmakers", "anonymous"),
])
def test_openers_are_cut_and_legislators_are_government(text: str, source: str,
                                                        kind: str) -> None:
    """A sentence adverb ("Additionally,") or a bare "As" is no part of the name; lawmakers
    named by their body are government, unnamed ones anonymous."""
    claim = verify.scan(text).claims[0]
    assert (claim.source.name, claim.source.type) == (source, kind)


def test_tolls_of_attacks_on_two_places_do_not_conflict() -> None:
    """ "the Hamas-led attack on Israel, in which 1,200 people were killed" and "the assault on
    Gaza has killed more than 52,000 people" count two events, not one (GUIDE.md: two figures
    about different things)."""
    story = ("The UN said an investigation found nine staff members were involved in the "
             "Hamas-led attack on Israel, in which at least 1,200 people were killed. "
             "Israel's subsequent assault on Gaza has killed more than 52,000 people, "
             "according to Palestinian health authorities.")
    assert "conflicting_accounts" not in {f.code for f in verify.scan(story).flags}
    same = ("The army said the strike on Gaza killed 12 people. Palestinian health "
            "authorities said the strike on Gaza killed 40 people.")
    assert "conflicting_accounts" in {f.code for f in verify.scan(same).flags}


def test_a_denial_answers_only_accounts_of_what_it_denies() -> None:
    """A denial conflicts with an account of the same thing (two content words shared, one in
    a short sentence), not with every claim of its section that shares a word with some
    denial (flight logs of a trip to London are not answered by Andrew's denial of sex)."""
    story = ("Andrew has always strongly denied having sex with Giuffre at the "
             "Belgravia house in London. "
             "Prosecutors said the flight logs show Epstein travelled to London with several "
             "friends that year. "
             "Giuffre said she had sex with Andrew at the Belgravia house in London in 2001.")
    report = verify.scan(story)
    conflicted = {c.text.split()[0] for c in report.claims
                  if "conflicting_accounts" in {f.code for f in report.flags if f.item == c.id}}
    assert conflicted == {"Andrew", "Giuffre"}


def test_an_intro_line_gives_its_speaker_to_the_quotation_after_it() -> None:
    """ "Kremlin spokesperson Dmitry Peskov said:" opens a quotation in the next paragraph: its
    sentences are Peskov's (the third review's second pattern), and the paragraph after that is
    the reporter's again."""
    story = ("Asked about Britain's military aid, Kremlin spokesperson Dmitry Peskov said:\n"
             "We take an extremely negative view of this. Britain keeps pumping weapons into "
             "Ukraine.\nUkraine's forces advanced near Bakhmut on Monday.")
    claims = verify.scan(story).claims
    assert [c.source.name for c in claims[-3:]] == [
        "Kremlin spokesperson Dmitry Peskov", "Kremlin spokesperson Dmitry Peskov", None]


@pytest.mark.parametrize(("text", "code"), [
    ("On Twitter, Andriy Yermak said he was with Zelenskiy in London.", "social_media_only"),
    ("Some critics have lashed out at the Australian police over the arrests.",
     "anonymous_source"),
    ("Outsiders questioned why Knight did not test the new software.", "anonymous_source"),
])
def test_the_third_reviews_source_patterns(text: str, code: str) -> None:
    """A post named first ("On Twitter, X said") is the claim's channel; a vague group is an
    anonymous source whatever verb of stance it takes ("lashed out", "questioned")."""
    assert code in {f.code for f in verify.scan(text).flags}
    assert not verify.scan("Police questioned two men about the fire on Monday.").flags


@pytest.mark.parametrize(("second", "conflict"), [
    ("Charles Simpson, an aid worker at the camp, said the ministry's allegations that the "
     "rebels block food convoys are false.", True),
    ('"These are all lies about the food convoys and the rebels," Simpson said.', True),
    ('"There is no proof that the rebels block food convoys," Simpson said.', True),
    ("Charles Simpson, an aid worker at the camp, said the rebels block food convoys at "
     "night.", False),
    ("Simpson said the camp held a false alarm drill for the food convoys last week.", False),
])
def test_calling_an_account_false_denies_it(second: str, conflict: bool) -> None:
    """A source denies without a denying verb when it calls the account false ("the
    allegations are false", "These are all lies") or says there is "no proof" in its own quoted
    words; the two versions conflict (GUIDE.md). A "false alarm" calls nothing false."""
    report = verify.scan("The defence ministry said the rebels block food convoys to the camp. "
                         + second)
    assert ("conflicting_accounts" in {f.code for f in report.flags}) is conflict


def test_a_sources_quoted_no_proof_is_no_disclaimer_of_the_story() -> None:
    """ "There is no evidence," a spokesperson said: the source's words answering another account,
    not the story saying it could not check a claim (unverified_by_story is the story's own
    disclaimer, GUIDE.md); "offered no evidence" in the reporter's words still is one."""
    quoted = verify.scan("The airline said a bird struck the engine of the plane on Friday. "
                         '"There is no evidence that a bird struck the engine," Jagannath '
                         "Niroula, an aviation authority spokesperson, said.")
    assert "unverified_by_story" not in {f.code for f in quoted.flags}
    assert "conflicting_accounts" in {f.code for f in quoted.flags}
    story = verify.scan("The airline said a bird struck the engine of the plane on Friday. "
                        "The airline offered no evidence that a bird struck the engine.")
    assert "unverified_by_story" in codes(story, story.claims[0].id)


def test_we_outside_quotations_is_the_publications_own_voice() -> None:
    """ "We have found no evidence to corroborate this claim" in a fact check is the outlet
    speaking: no source, and not the last speaker's account carried on; inside a quotation
    "we" is still the speaker."""
    report = verify.scan("Some of the senator's defenders claimed on Monday that the ambassador "
                         "is worth $17 million. We found no evidence that the ambassador is "
                         "worth $17 million.")
    assert report.claims[-1].source.name is None
    assert "anonymous_source" not in codes(report, report.claims[-1].id)
    quoted = verify.scan("Mayor Ann Lee said the river rose on Monday. "
                         '"We found the bodies near the river," she said.')
    assert quoted.claims[-1].source.name == "Mayor Ann Lee"


@pytest.mark.parametrize(("second", "conflict"), [
    ("She denied sending the messages that incited the riots.", True),
    ("She did not deny sending the messages that incited the riots.", False),
    ("She has never disputed sending the messages that incited the riots.", False),
    ("She said it would be unfair to deny her the right to send messages about the riots.",
     False),
    ("She was denied bail over the messages that incited the riots.", False),
])
def test_a_negated_denial_or_a_refusal_denies_no_account(second: str, conflict: bool) -> None:
    """ "did not deny sending" admits, and "deny him the right", "denied bail" refuse someone
    something: neither answers the prosecution's account (GUIDE.md: conflicting versions)."""
    report = verify.scan("Prosecutors said Zuma-Sambudla sent the messages that incited the "
                         "riots. " + second)
    assert ("conflicting_accounts" in {f.code for f in report.flags}) is conflict


@pytest.mark.parametrize(("text", "source"), [
    ("On Monday night No 10 said the inquiry was closed.", "No 10"),
    ("Last week Israel said it had struck the depot.", "Israel"),
    ("Earlier this month the ministry said 20 people died.", "the ministry"),
])
def test_a_time_with_no_comma_is_no_part_of_the_source(text: str, source: str) -> None:
    claim = verify.scan(text).claims[0]
    assert claim.source.name == source
    assert claim.source.type == "government"


def test_he_or_she_never_stands_for_a_plural_group_or_a_document() -> None:
    """ "Prosecutors said ... She denied ...": "she" is not the prosecutors (so her denial
    answers their account), nor "The indictment"."""
    report = verify.scan("Prosecutors said Zuma-Sambudla sent the messages that incited the "
                         "riots. She denied sending the messages.")
    assert report.claims[1].source.name != "Prosecutors"
    assert "conflicting_accounts" in codes(report, report.claims[1].id)
    doc = verify.scan("The indictment says Moyo sent the messages that incited the riots. "
                      "She said the messages were jokes.")
    assert doc.claims[1].source.name != "The indictment"


@pytest.mark.parametrize(("text", "anonymous"), [
    ("The decision has been seen as seriously weakening the chief executive.", True),
    ("Israel seized the territories, seen as pivotal parts of a future state, in 1967.", True),
    ("The shift was widely seen as an attempt to change the legal context.", True),
    ("She has been accused of offering propaganda boosts to dictators.", True),
    ("He is accused of fatally stabbing four students, according to the indictment.", False),
    ("He was accused by the FBI of leaking secrets.", False),
    ("He is seen in the video leaving the building at noon.", False),
])
def test_a_passive_view_or_accusation_with_no_one_behind_it_is_anonymous(
        text: str, anonymous: bool) -> None:
    """GUIDE.md: "it is seen as" names no source, in all its tenses and adverbs, and so does
    an accusation in the perfect with no accuser; a charge ("is accused of", in a court story)
    or a named accuser is no such thing, nor is "seen" as sight."""
    assert ("anonymous_source" in {f.code for f in verify.scan(text).flags}) is anonymous


@pytest.mark.parametrize(("text", "source", "kind"), [
    ("The 55-year-old is the third resident to contract the disease, say officials.",
     "officials", "anonymous"),
    ("The man died in hospital on Monday, said police.", "police", "official"),
    ("Health bosses said that 28 people were quarantined.", "Health bosses", "anonymous"),
])
def test_a_bare_plural_after_its_verb_is_the_source(text: str, source: str, kind: str) -> None:
    """ "..., say officials." names the officials (unnamed, so anonymous), not the clause
    before the comma."""
    claim = verify.scan(text).claims[0]
    assert (claim.source.name, claim.source.type) == (source, kind)


@pytest.mark.parametrize(("text", "social"), [
    ("Damage was recorded in 50 locations, Ukraine's emergency service said in a Telegram "
     "post. Police buildings were also damaged, it said.", [True, True]),
    ("The CDC assured the public on Weibo that the risk of transmission was low.", [True]),
    ('"In the end, we will win and save our Country," Trump tweeted soon after the committee '
     "concluded its third public hearing on Tuesday.", [True]),
    ("Damage was recorded in 50 locations, Ukraine's emergency service said in a statement. "
     "Police buildings were also damaged, it said.", [False, False]),
])
def test_a_post_is_found_in_all_the_ways_news_cites_one(text: str, social: list[bool]) -> None:
    """ "said in a Telegram post", "assured the public on Weibo", '"...," Trump tweeted <a
    long time phrase>', and the same source's next line ("..., it said.") go on the post."""
    report = verify.scan(text)
    assert ["social_media_only" in codes(report, c.id) for c in report.claims] == social


@pytest.mark.parametrize(("text", "party"), [
    ('"The enemy is simply blinded by its hatred for our people," a Hamas spokesman said.',
     False),
    ("A Hamas spokesman said the group hoped the truce would hold.", False),
    ("A Hamas spokesman said the group's fighters destroyed four tanks.", True),
])
def test_a_partys_hopes_and_rhetoric_are_no_claims_of_fact(text: str, party: bool) -> None:
    """GUIDE.md: opinions and feelings are not claims, so no party_claim; a party's claim of
    fact about its own performance still is one."""
    report = verify.scan(text)
    assert ("party_claim" in {f.code for f in report.flags}) is party


def test_a_federal_prosecutor_is_official_and_an_accused_man_no_accuser() -> None:
    """ "the U.S. attorney for the Southern District" is a prosecutor (official), not a lawyer
    for someone (a party); "checked on accused sex trafficker Jeffrey Epstein" is an adjective,
    not a reporting verb; "allegedly" is no part of a name."""
    lex = load()
    assert source_type("Geoffrey Berman, the U.S. attorney for the Southern District of "
                       "New York", lex) == "official"
    report = verify.scan('"They repeatedly failed to conduct mandated checks on inmates," '
                         "Geoffrey Berman, the U.S. attorney for the Southern District of "
                         "New York, said.")
    assert "party_claim" not in {f.code for f in report.flags}
    claim = verify.scan("Two officers were charged Tuesday with falsifying records, stating "
                        "they had checked on accused sex trafficker Jeffrey Epstein.").claims[0]
    assert claim.verb != "accused"
    told = verify.scan('"We messed up," Thomas allegedly told a supervisor.').claims[0]
    assert told.source.name == "Thomas"


@pytest.mark.parametrize(("text", "hedged"), [
    ("The pattern of killings raises serious fears that lethal force is now state policy, "
     "Amnesty said.", True),
    ("The gifts, thought to have been received before the election, were declared last week.",
     True),
    ("Jordan's foreign minister criticised the shift, warning of dangerous consequences.", True),
    ("Simpson said the most likely reason residents stay is fear of retribution.", True),
    ("One possible explanation for the discrepancy is that the estimates are invented.", True),
    ("Fauci said thousands more would die in the outbreak without distancing.", True),
    ("Some analysts are suggesting that the army throttles the internet.", True),
    ("Trump has tried to suggest that he barely knows the ambassador.", False),
    ("Voters were more likely to back the measure in cities, the poll found.", False),
])
def test_fears_hypotheses_and_predicted_outcomes_are_hedges(text: str, hedged: bool) -> None:
    """GUIDE.md: hypotheses and warnings of what will happen are speculative; an account given
    in an infinitive ("tried to suggest that") and a comparison of rates are not."""
    assert ("speculative" in {f.code for f in verify.scan(text).flags}) is hedged


def test_a_disclaimer_that_points_back_covers_the_claim_before_it() -> None:
    """ "We have found no evidence to corroborate this claim." in a fact check names the claim
    before it (even after a line ending in a colon), not itself; "but Reuters could not verify
    the figure" covers its own sentence's claim."""
    story = verify.scan("Some of the senator's defenders took to social media, claiming that "
                        "the ambassador is worth $17 million:\nWe have found no evidence to "
                        "corroborate this claim.")
    first, last = story.claims[0], story.claims[-1]
    assert "unverified_by_story" in codes(story, first.id)
    assert last is first or "unverified_by_story" not in codes(story, last.id)
    own = verify.scan("The army said it killed 20 fighters on Monday, but Reuters could not "
                      "verify the figure.")
    assert "unverified_by_story" in codes(own, own.claims[0].id)


def test_bodies_recovered_are_a_toll_that_can_conflict() -> None:
    """Two sources' counts of bodies recovered are two figures for one toll."""
    report = verify.scan("The navy said 40 bodies had been recovered from the sea. The head of "
                         "the search agency said only three bodies had been retrieved.")
    assert all("conflicting_accounts" in codes(report, c.id) for c in report.claims)


def test_people_counted_for_no_harm_are_no_conflicting_toll() -> None:
    """ "two people contracted it" and "28 people he came into contact with" count different
    things; "40 people were killed" against "three people were killed" still conflict."""
    report = verify.scan("Health authorities said two people contracted the plague in Beijing. "
                         "The health commission said 28 people he came into contact with were "
                         "quarantined.")
    assert "conflicting_accounts" not in {f.code for f in report.flags}
    toll = verify.scan("The navy said 40 people were killed in the crash. The search agency said "
                       "three people were killed in the crash.")
    assert "conflicting_accounts" in {f.code for f in toll.flags}


def test_a_source_that_files_a_lawsuit_is_named_and_a_party() -> None:
    """ "one of Epstein's victims, Virginia Giuffre, filed a lawsuit saying ...": the speaker is
    Giuffre (not "filed a lawsuit"), a plaintiff, so a party to all she says (GUIDE.md)."""
    report = verify.scan("In 2009, one of Epstein's victims, Virginia Giuffre, filed a lawsuit "
                         "saying he had flown her around the world. She said she was 17 when "
                         "they met.")
    first, second = report.claims
    assert first.source.name == "one of Epstein's victims, Virginia Giuffre"
    assert "party_claim" in codes(report, first.id)
    assert "party_claim" in codes(report, second.id)


def test_an_accusation_with_an_adverb_inside_is_answered_by_the_defence() -> None:
    """ "She is now accused of orchestrating an attempt to kill him" against her lawyer's "did
    not seek to have her boyfriend killed" (GUIDE.md: the defence's denial conflicts)."""
    report = verify.scan("She is now accused of orchestrating an attempt to kill him. Defense "
                         "attorney Nic Cocis said Avalos did not seek to have her boyfriend "
                         "killed.")
    assert all("conflicting_accounts" in codes(report, c.id) for c in report.claims)


@pytest.mark.parametrize(("second", "unattributed"), [
    ("In the 14th century the Black Death killed up to 60 percent of Europe's population.",
     False),
    ("Nepal has a history of deadly air crashes, including one that killed 72 people.", False),
    ("Several people collapsed in grief at the airport.", False),
    ("About 30 ships and 21 aircraft joined the search for the wreck.", True),
])
def test_history_and_vague_counts_are_no_unattributed_figures(second: str,
                                                             unattributed: bool) -> None:
    """GUIDE.md: documented history and the reporter's own narration are no unattributed
    figures, and "several people" states no figure; a specific side figure with no source is
    one."""
    report = verify.scan("The plane crashed into the sea on Sunday with 162 people aboard. "
                         + second)
    assert ("unattributed" in codes(report, report.claims[-1].id)) is unattributed


@pytest.mark.parametrize(("text", "source"), [
    ("Blake's family attorney, Benjamin Crump, said Graveley wrongfully denied the community "
     "its chance to try the facts.", "Blake's family attorney, Benjamin Crump"),
    ("Exports fell by a third in March, said Derek Scissors, a China scholar.",
     "Derek Scissors, a China scholar"),
    ("Even before he announced his findings, Graveley pleaded for peace.", None),
    ("After the hearing, the minister said the talks had failed.", "the minister"),
])
def test_a_subject_and_its_apposition_before_the_verb_is_the_source(text: str,
                                                                   source: str | None) -> None:
    """The fourth fresh review's third pattern: "Blake's family attorney, Benjamin Crump, said
    Graveley ..." made "Graveley wrongfully denied the community ..." the source (read as
    '..., said X'), and the prosecutor's own sentences followed it; a clause of time is no
    source ("Even before he announced ...")."""
    assert verify.scan(text).claims[0].source.name == source


@pytest.mark.parametrize(("text", "source"), [
    ("Poroshenko's representatives maintain that the decree was falsified.",
     "Poroshenko's representatives"),
    ("The lawyers assert that the changes were made after the meeting.", "The lawyers"),
    ("The company struggled to contend with the 10 million users who signed up.", None),
])
def test_a_group_reports_in_the_plural_present_and_an_infinitive_reports_nothing(
        text: str, source: str | None) -> None:
    """The fourth fresh review's second pattern: collective subjects ("Poroshenko's
    representatives maintain ...") went unattributed; "struggled to contend with" is no
    report."""
    assert verify.scan(text).claims[0].source.name == source


def test_according_to_a_pronoun_is_the_source_it_stands_for() -> None:
    """ "According to them, ..." goes back to the speakers before it, not a source "them"."""
    report = verify.scan("Poroshenko's representatives emphasized that the decree was "
                         "falsified. According to them, government representatives are "
                         "misleading the court.")
    assert report.claims[1].source.name == "Poroshenko's representatives"


def test_a_wholesale_denial_answers_accusations_not_a_partys_every_sentence() -> None:
    """The fourth fresh review's first pattern: after "Government representatives deny the
    allegations", the next sentence of the paragraph ("Journalists were present at the
    hearing") is no denial, and the plaintiff's account of his own status is no account the
    denial answers; his accusation is."""
    report = verify.scan(
        "The plaintiff claims the decree was falsified by the president's office. Government "
        "representatives deny the allegations and insist their actions were lawful. Journalists "
        "of the paper were present at the hearing.\n"
        "Addressing the court, Poroshenko underscored his status as a protected person.")
    conflicted = [c.text.split()[0] for c in report.claims
                  if "conflicting_accounts" in codes(report, c.id)]
    assert conflicted == ["The", "Government"]


@pytest.mark.parametrize("sentence,name", [
    ("Two professors were handed over to US forces in Zabul province, an insurgent source told "
     "Agence France-Presse.", "an insurgent source"),
    ("The talks had stalled, a senior official told the BBC's Newsnight.", "a senior official"),
    ("The bodies were found on Monday, police told reporters.", "police"),
])
def test_a_post_posed_source_told_an_outlet_whose_name_has_marks(sentence: str,
                                                                 name: str) -> None:
    """", X told Agence France-Presse." names X, however the outlet's name is written."""
    from verify.detect.claims import attribute
    from verify.lexicon import load

    found = attribute(sentence, load())
    assert found is not None and found.name == name


def test_a_degree_word_after_an_auxiliary_is_the_verbs_adverb() -> None:
    """"have long warned" reports ("long" modifies the verb); "the long disputed border" does
    not (an adjective); and unnamed representatives are an unnamed group."""
    from verify.detect.claims import attribute
    from verify.lexicon import load

    lex = load()
    found = attribute("Prison union representatives have long warned that staff shortages "
                      "have compromised security.", lex)
    assert found is not None and found.name == "Prison union representatives"
    assert attribute("The long disputed border was closed on Monday.", lex) is None
    report = verify.scan("Union representatives said the guards had worked double shifts.")
    assert "anonymous_source" in {f.code for f in report.flags}


def test_people_close_to_someone_are_not_that_someone() -> None:
    """ "People close to Ms. Haley" do not take her later quotes: "Ms. Haley wrote" is hers."""
    story = ("Nikki R. Haley, the United States ambassador to the United Nations, resigned on "
             "Tuesday.\nPeople close to Ms. Haley said she had been considering leaving for "
             "months.\n“I don't agree with the president on everything,” Ms. Haley wrote.")
    last = verify.scan(story).claims[-1]
    assert last.source.name == "Ms. Haley"


@pytest.mark.parametrize("sentence,name", [
    ("The exact toll from the attack is unknown but a local hospital director said hundreds of "
     "people were killed.", "a local hospital director"),
    ("The road was closed while police said the bridge had collapsed.", "police"),
    ("Arcade is an imprint of Skyhorse Publishing and a Skyhorse spokeswoman said the book "
     "would be released.", "a Skyhorse spokeswoman"),
    # no finished clause before the conjunction: the whole subject stays
    ("Trump and Biden said they would debate in the autumn.", "Trump and Biden"),
])
def test_the_subject_of_a_clause_after_but(sentence: str, name: str) -> None:
    """A second clause joined by "but" or "while" has its own subject: the source is there."""
    from verify.detect.claims import attribute
    from verify.lexicon import load

    found = attribute(sentence, load())
    assert found is not None and found.name == name


def test_a_speakers_next_quotation_keeps_the_post() -> None:
    """'"...," Trump declared.' right after his post quotes the post; 'told reporters' does not."""
    post = "On Twitter, Trump accused Bloomberg of buying the election.\n"
    report = verify.scan(post + "“It is an illegal campaign contribution,” Trump declared.")
    assert report.claims[-1].source.channel is not None
    report = verify.scan(post + "Trump later told reporters the race was over.")
    assert report.claims[-1].source.channel is None


def test_a_person_who_shares_an_outlets_name_is_the_person() -> None:
    """Where the story names Michael Bloomberg, "Bloomberg said" is the man, not the outlet;
    in a story that names no such person, Bloomberg is the news agency."""
    person = verify.scan("Michael Bloomberg, the former mayor of New York, is running for "
                         "president.\nBloomberg said he had fought redlining as mayor.")
    assert person.claims[-1].source.type == "other"
    outlet = verify.scan("Oil prices rose on Monday.\nBloomberg reported that the company had "
                         "raised its forecast for the year.")
    assert outlet.claims[-1].source.type == "media"


@pytest.mark.parametrize("sentence,name", [
    ("Ms. Haley testily said she was not confused.", "Ms. Haley"),
    ("The family said the boy had been found.", "The family"),  # a noun in -ly stays
    ("Kelly said the vote was close.", "Kelly"),
])
def test_a_manner_adverb_is_no_part_of_a_name(sentence: str, name: str) -> None:
    from verify.detect.claims import attribute
    from verify.lexicon import load

    found = attribute(sentence, load())
    assert found is not None and found.name == name


@pytest.mark.parametrize("sentence,name", [
    # an opening concession with no comma is no part of the subject
    ("Though authorities have said the drop was due to technical issues, activists disagree.",
     "authorities"),
    # opening phrases one after another, and one longer than a short clause
    ("Earlier, in his opening statement, state advocate Yuri Gangai said the case was about "
     "the power of words.", "state advocate Yuri Gangai"),
    ("As residents and authorities continued to come to grips with the sheer scale of the "
     "devastation across the state, the Bureau of Meteorology said more rain was coming.",
     "the Bureau of Meteorology"),
    ("In light of the scandal, including the party's violation of the funding law, the ruling "
     "party has vowed to abolish the funds.", "the ruling party"),
])
def test_opening_clauses_are_no_part_of_the_source(sentence: str, name: str) -> None:
    from verify.detect.claims import attribute

    found = attribute(sentence, load())
    assert found is not None and found.name == name


@pytest.mark.parametrize("sentence", [
    "But multiple investigations, including an autopsy and FBI probe, have concluded he died "
    "by suicide.",
])
def test_an_auxiliary_alone_is_no_source(sentence: str) -> None:
    from verify.detect.claims import attribute

    found = attribute(sentence, load())
    assert found is None or found.name.lower() not in ("have", "has", "had")


def test_an_unnamed_group_in_a_clause_of_its_own_is_an_anonymous_source() -> None:
    """The named source of the first clause does not name the second's: "activists have
    claimed" is an unnamed group reporting beside the authorities (GUIDE.md, anonymous_source)."""
    text = ("Though authorities have said the drop in internet speed was due to technical "
            "issues, activists have claimed that the army is using a national firewall.")
    assert "anonymous_source" in {f.code for f in verify.scan(text).flags}
    named = verify.scan("Authorities have said the drop in internet speed was due to "
                        "technical issues.")
    assert "anonymous_source" not in {f.code for f in named.flags}


@pytest.mark.parametrize("sentence,name", [
    ("China has had a few plague infections in recent years, reports Reuters.", "Reuters"),
    ("Prices rose 3 percent last year, reports the agency.", "the agency"),
])
def test_a_post_posed_reports_names_its_source(sentence: str, name: str) -> None:
    from verify.detect.claims import attribute

    found = attribute(sentence, load())
    assert found is not None and found.name == name and found.verb == "reports"


@pytest.mark.parametrize("sentence", [
    '"I am committed to this agency and to the people who work here," the director said.',
    '"We seek additional information on this important matter," the lawmakers wrote.',
    '"My hope is that this community will find solace," the prosecutor said.',
    "You shouldn't just believe them.",
    '"You could say, well, bad luck," the minister said.',
])
def test_a_commitment_a_wish_or_a_request_is_no_claim(sentence: str) -> None:
    """GUIDE.md: promises, greetings and calls are no claims, whoever says them."""
    assert verify.scan(sentence).claims == []


def test_an_unnamed_group_after_opening_phrases_and_before_an_adverb_is_anonymous() -> None:
    """ "At the State Department, however, officials quietly applauded ...": the group is
    the subject of what it thinks, past two opening phrases and a manner adverb."""
    text = ("At the State Department, however, officials quietly applauded Ms. Haley's strong "
            "words on Russia.")
    assert "anonymous_source" in {f.code for f in verify.scan(text).flags}


@pytest.mark.parametrize("name,kind", [
    ("DUP Balmoral councillor Sarah Bunting", "government"),
    ("city councilman John Doe", "government"),
    ("Assemblywoman Jane Roe", "government"),
])
def test_elected_members_of_local_government_are_government(name: str, kind: str) -> None:
    assert source_type(name, load()) == kind


def test_an_infinitive_is_no_subject() -> None:
    from verify.detect.claims import attribute

    found = attribute("Localities have peace committees to resolve disputes without the "
                      "threat of jail.", load())
    assert found is None or not found.name.lower().startswith("to ")


def test_a_side_reporting_its_own_decision_is_no_party_claim() -> None:
    """GUIDE.md: a party announcing its own decision is not a party's claim; what the same
    side says happened is."""
    story = ("Russian missiles and drones struck Kyiv overnight in the war's heaviest attack, "
             "killing 12 people, Ukraine's air force said. Russia's defence ministry said the "
             "strikes hit military targets. Ukrainian troops shelled a dormitory in occupied "
             "Starobilsk, killing 21 students, the ministry said. Russian President Vladimir "
             "Putin said he ordered the military to retaliate for the attack.")
    report = verify.scan(story)
    party = {c.text for c in report.claims
             if any(f.item == c.id and f.code == "party_claim" for f in report.flags)}
    assert any("military targets" in t for t in party)
    assert not any("he ordered" in t for t in party)


def test_a_quotation_over_several_paragraphs_keeps_its_speaker() -> None:
    """Each paragraph of a long quotation opens with a quotation mark (and the one before
    closes none); a paragraph between that holds no claim does not end it."""
    story = ("The agency's chief executive, Grainia Long, said: “We work to promote inclusion.\n"
             "“We are deeply disappointed by these signs.\n"
             "“Every tenant rehoused from the blocks has got permanent accommodation.")
    last = verify.scan(story).claims[-1]
    assert last.text.startswith("“Every tenant") and "Long" in (last.source.name or "")


def test_a_surname_that_is_also_an_adverb_stays_in_the_name() -> None:
    from verify.detect.claims import attribute

    found = attribute("Housing chief Grainia Long said the blocks were cleared.", load())
    assert found is not None and found.name == "Housing chief Grainia Long"
    found = attribute("The ministry has long said the blocks were cleared.", load())
    assert found is not None and found.name == "The ministry"


@pytest.mark.parametrize("sentence", [
    "Legal experts have been surprised by the ruling, which widens the company's liability.",
    "The pressure on local authorities across the UK has been widely reported.",
])
def test_a_reaction_or_a_report_with_no_one_named_is_an_anonymous_source(sentence: str) -> None:
    assert "anonymous_source" in {f.code for f in verify.scan(sentence).flags}


@pytest.mark.parametrize("sentence,name", [
    ("They’re pretty much saying that the site is liable for what it sells.", "They"),
    ("The inquiry established that the guards had slept.", "The inquiry"),
    ("The base has been the target of a disinformation campaign, Polygraph.info has "
     "previously established.", "Polygraph.info"),
])
def test_contractions_and_acts_around_a_source(sentence: str, name: str) -> None:
    from verify.detect.claims import attribute

    found = attribute(sentence, load())
    assert found is not None and found.name == name


def test_establishing_a_base_reports_nothing() -> None:
    from verify.detect.claims import attribute

    assert attribute("The group had established an operations base in the mountains.",
                     load()) is None


@pytest.mark.parametrize("sentence,disclaims", [
    ("It was not possible to independently verify the group's claim.", True),
    ("The figures could not immediately be confirmed.", True),
    ("Reuters was unable to independently establish who fired first.", True),
    ("Officials were not able to confirm the toll.", True),
    ("The toll has not been confirmed.", True),
    ("Reuters has not been able to verify the footage.", True),
    ("The account is yet to be independently verified.", True),
    ("He could not attend the meeting.", False),
    ("She could not be reached for comment.", False),
])
def test_an_inability_to_check_in_any_order_is_a_disclaimer(sentence: str,
                                                            disclaims: bool) -> None:
    assert (load().unverified.search(sentence) is not None) is disclaims


def test_a_disclaimer_naming_the_group_covers_the_armed_groups_claims() -> None:
    """ "the group's claim" is the Taliban's: a common noun for a source named before."""
    story = ("Two US service members were killed in a helicopter crash in Afghanistan, the US "
             "military said. The Afghan Taliban claimed responsibility for shooting down the "
             "helicopter. It was not possible to independently verify the group's claim.")
    report = verify.scan(story)
    taliban = next(c for c in report.claims if "Taliban" in c.text)
    us = report.claims[0]
    codes = {(f.item, f.code) for f in report.flags}
    assert (taliban.id, "unverified_by_story") in codes
    assert (us.id, "unverified_by_story") not in codes


def test_another_is_another_of_the_same_kind() -> None:
    """ "Another said" after "One Weibo user posted": another user, a source of its own."""
    report = verify.scan("One Weibo user posted that the city had hidden the cases. Another said "
                         "the plague was coming.")
    last = report.claims[-1]
    assert last.source.name == "Another" and last.source.type == "social_media"
    assert "social_media_only" in {f.code for f in report.flags if f.item == last.id}


@pytest.mark.parametrize("sentence", [
    "But those who know her believe that she is likely to run in 2024.",
    "Others who have tracked Bloomberg's career said he faces choppier waters.",
    # or by the side they take, or a person's followers, or a trade across a region
    "Those in favour of the ban have said the club ignored earlier warnings.",
    "Those opposed to the plan say it will close two schools.",
    "Moreno's supporters have said the referee provoked the clash.",
    "Executives across the region say they have cut orders for the winter.",
    "Many businesses say the tariffs have already raised their costs.",
])
def test_people_described_only_by_what_they_do_are_unnamed(sentence: str) -> None:
    assert "anonymous_source" in {f.code for f in verify.scan(sentence).flags}


@pytest.mark.parametrize(("sentence", "code"), [
    ("Some engineers view the dam as a risk to the valley.", "anonymous_source"),
    ("The remark was interpreted to mean that he had resisted the plan.", "anonymous_source"),
    ("The plane is presumed to have crashed into the sea.", "speculative"),
    ("Two of the crew are presumed dead.", "speculative"),
])
def test_vague_views_and_presumptions(sentence: str, code: str) -> None:
    """A vague group's view, a passive reading with no reader, and a presumption."""
    assert code in {f.code for f in verify.scan(sentence).flags}


@pytest.mark.parametrize("sentence", [
    "The talks have been slow, given that many analysts believe the easy issues are settled.",
    "The plant has reopened, now that several economists say demand has recovered.",
])
def test_the_subject_after_given_that_is_the_source(sentence: str) -> None:
    """A clause joined by "given that" or "now that" has a subject of its own: the reporting
    group, not the whole clause before it."""
    claim = verify.scan(sentence).claims[0]
    assert claim.source.type == "anonymous"
    assert claim.source.name in ("many analysts", "several economists")


@pytest.mark.parametrize("denial", ["That claim is false, the rescue agency said.",
                                    "That is not true, the rescue agency said."])
def test_a_denial_that_points_back_answers_the_account_before_it(denial: str) -> None:
    report = verify.scan("The ministry said 40 bodies had been recovered. " + denial)
    assert all("conflicting_accounts" in {f.code for f in report.flags if f.item == c.id}
               for c in report.claims)


def test_a_body_boasting_of_its_own_schedule_is_a_party() -> None:
    """A company or government about its own performance, when the claim serves it."""
    report = verify.scan("The company said the clearing of the tower blocks is ahead of "
                         "schedule.")
    assert "party_claim" in {f.code for f in report.flags}


@pytest.mark.parametrize("name", ["the Korean Central News Agency", "the official news agency",
                                  "the state broadcaster", "China Daily",
                                  "the Syrian Arab News Agency"])
def test_state_controlled_outlets_by_their_full_names(name: str) -> None:
    assert source_type(name, load()) == "state_media"


def test_a_source_not_authorized_to_speak_is_anonymous_wherever_it_is_said() -> None:
    report = verify.scan("The official, who was not authorized to speak publicly, said the vote "
                         "was delayed.")
    assert "anonymous_source" in {f.code for f in report.flags}


@pytest.mark.parametrize("sentence,social", [
    ("In an Instagram story, the singer said she was safe.", True),
    ("The rebels claimed on their Telegram account that they had taken the town.", True),
    ("In a story published Monday, the newspaper said the deal was off.", False),
])
def test_a_platforms_story_and_account_are_posts(sentence: str, social: bool) -> None:
    codes = {f.code for f in verify.scan(sentence).flags}
    assert ("social_media_only" in codes) is social


@pytest.mark.parametrize("sentence", ["The activist said on Rumble that the vote was rigged.",
                                      "The rapper wrote on WeChat that he was innocent."])
def test_the_other_platforms_are_social_media(sentence: str) -> None:
    assert "social_media_only" in {f.code for f in verify.scan(sentence).flags}


@pytest.mark.parametrize("sentence", ["The BBC understands the plan was shelved.",
                                      "CNN has learned that the plan was shelved.",
                                      "The plan was rumoured to have been shelved."])
def test_a_newsroom_told_by_no_one_named_and_a_rumour_are_anonymous(sentence: str) -> None:
    assert "anonymous_source" in {f.code for f in verify.scan(sentence).flags}


def test_a_newsroom_that_reports_is_not_anonymous() -> None:
    report = verify.scan("Reuters reported that the plan was shelved.")
    assert "anonymous_source" not in {f.code for f in report.flags}


@pytest.mark.parametrize("denial", ["Moscow rejected the claims.",
                                    "The Kremlin dismissed the report as propaganda.",
                                    "Russia disputed the figures.",
                                    "Russia said the report was fake news."])
def test_a_denial_of_the_account_just_given_conflicts_with_it(denial: str) -> None:
    report = verify.scan("Ukraine said Russian forces shelled a hospital in Kharkiv, killing 12 "
                         "people. " + denial)
    assert all("conflicting_accounts" in {f.code for f in report.flags if f.item == c.id}
               for c in report.claims)


def test_a_fake_account_is_no_denial() -> None:
    report = verify.scan("Ukraine said Russian forces shelled a hospital, killing 12 people. "
                         "Police said two of the three accounts in her name were fake.")
    assert "conflicting_accounts" not in {f.code for f in report.flags}


def test_a_body_saying_it_followed_all_procedures_defends_itself() -> None:
    report = verify.scan("The airline said the pilot followed all procedures.")
    assert "party_claim" in {f.code for f in report.flags}


@pytest.mark.parametrize("name,kind", [("Boeing", "company"), ("a Boeing spokesman", "company"),
                                       ("Tesla CEO Elon Musk", "company"),
                                       ("Ford", "other")])  # a person's name too: left out
def test_companies_in_the_news_are_companies_by_name(name: str, kind: str) -> None:
    assert source_type(name, load()) == kind


@pytest.mark.parametrize("name", ["the World Food Programme", "the Committee to Protect Journalists",
                                  "the International Crisis Group", "Oxfam"])
def test_international_bodies_and_monitors_are_independent(name: str) -> None:
    assert source_type(name, load()) == "ngo_expert"


@pytest.mark.parametrize("name,kind", [("NBC News", "media"), ("The Wall Street Journal", "media"),
                                       ("The Economist", "media"), ("an economist", "anonymous"),
                                       ("Times Square police", "official")])
def test_outlets_by_name_and_by_the_last_words_of_their_names(name: str, kind: str) -> None:
    assert source_type(name, load()) == kind
