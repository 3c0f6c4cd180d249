"""Flags against GUIDE.md: the guide cases (fixtures/flags, written from the rule book without
seeing verify's output), the bundled held-out set, and the editors' dev sets when ../shared is
present. Floors are what the build reaches, so a rule that loses accuracy fails here."""

from __future__ import annotations

import pytest

import verify
from benchmarks.flags import (
    GUIDE_CASES,
    HELDOUT,
    HELDOUT_D,
    HELDOUT_E,
    HELDOUT_F,
    HELDOUT_G,
    HELDOUT_H,
    HELDOUT_I,
    HELDOUT_J,
    HELDOUT_K,
    HELDOUT_L,
    HELDOUT_M,
    HELDOUT_N,
    HELDOUT_O,
    HELDOUT_P,
    HELDOUT_Q,
    HELDOUT_R,
    SHARED,
    guide_cases,
    score_set,
)


def test_guide_cases_find_the_codes_and_avoid_the_near_misses() -> None:
    found, wanted, avoided, near = guide_cases(GUIDE_CASES)
    assert found / wanted >= 0.79  # reached: 46/57
    assert avoided / near >= 0.95  # reached: 95/98


@pytest.mark.parametrize("path,floors", [
    # heldout-C: 0.457 / 0.439 on its first run, 0.545 / 0.490 now
    # (a development set since the stop after a448c14: 0.631 / 0.541 at its end, 0.632 /
    # 0.561 at the end of the next, 0.667 / 0.612 at the end of the one after)
    (HELDOUT, (0.64, 0.59, 0.78, 0.98)),
    # heldout-D: 0.420 / 0.378 for the build it was labelled beside, 0.476 / 0.351 now
    # (a development set since the stop after a448c14: 0.602 / 0.477 at its end, 0.613 /
    # 0.514 at the end of the next)
    (HELDOUT_D, (0.59, 0.49, 0.78, 0.95)),
    # heldout-E: 0.348 / 0.348 on its first run (0.317 / 0.292 for the build before); 0.364 /
    # 0.404 when scored again after the next session's rules; a development set since the
    # stop after a448c14 (0.432 / 0.393 then): 0.465 / 0.371 once "deny him the right" no
    # longer made No 10 a denier (two of its hits were that misreading's)
    (HELDOUT_E, (0.54, 0.43, 0.73, 0.96)),
    # heldout-F: 0.485 / 0.271 on its first run; 0.565 / 0.407 after the social-media rules,
    # 0.581 / 0.424 with user names and platform pages as social media
    (HELDOUT_F, (0.65, 0.59, 0.85, 0.96)),
    # heldout-G: 0.585 / 0.453 on its first run (its errors never read), 0.594 / 0.460 now
    (HELDOUT_G, (0.57, 0.44, 0.78, 0.93)),
    # heldout-H: 0.453 / 0.326 on its first run (331f6bd; 0.462 / 0.337 for 77f1d51, the
    # build before that session); its errors never read
    (HELDOUT_H, (0.43, 0.31, 0.83, 0.94)),
    # heldout-I: 0.435 / 0.423 on its first run (fb291ba; 0.417 / 0.432 for 77f1d51, the
    # build before that session); its errors never read
    (HELDOUT_I, (0.41, 0.40, 0.70, 0.94)),
    # heldout-J: 0.448 / 0.361 on its first run (56338d7; 0.456 / 0.361 for c42a58f, the
    # build before that session); its errors never read
    (HELDOUT_J, (0.43, 0.34, 0.85, 0.97)),
    # heldout-K: 0.555 / 0.427 on its first run (46815a5; 0.533 / 0.399 for c42a58f, the
    # build before that session); its errors never read
    (HELDOUT_K, (0.53, 0.40, 0.81, 0.96)),
    # heldout-L: 0.438 / 0.451 on its first run (45aac93; a448c14, the build before that
    # session, scores the same); its errors never read
    (HELDOUT_L, (0.42, 0.43, 0.78, 0.98)),
    # heldout-M: 0.393 / 0.336 on its first run (3958f3c; 0.398 / 0.344 for a448c14, the
    # build before that session); its errors never read
    (HELDOUT_M, (0.37, 0.31, 0.75, 0.95)),
    # heldout-N: 0.625 / 0.426 on its first run (50a2365; b4c1d7a, the build before that
    # session, scores the same); its errors never read (its per-code counts were seen once)
    (HELDOUT_N, (0.60, 0.40, 0.83, 0.96)),
    # heldout-O: 0.545 / 0.442 on its first run (9d5c548; 7f4dc57, the build before that
    # session, scores the same); its errors never read (its per-code counts were seen once)
    (HELDOUT_O, (0.52, 0.42, 0.88, 0.95)),
    # heldout-P: 0.500 / 0.444 on its first run (d1307b1, the build before the session that
    # added it); its errors never read (its per-code counts were seen once)
    (HELDOUT_P, (0.47, 0.42, 0.78, 0.97)),
    # heldout-Q: 0.492 / 0.341 on its first run (d1307b1); a development set from then on
    (HELDOUT_Q, (0.46, 0.32, 0.80, 0.95)),
    # heldout-R: 0.575 / 0.311 on its first run (8cb6078; d1307b1, the build before that
    # session, scores the same); its errors never read (its per-code counts were seen once)
    (HELDOUT_R, (0.54, 0.29, 0.82, 0.94)),
])
def test_heldout_sets_meet_their_floors(path: object, floors: tuple[float, ...]) -> None:
    sc = score_set(path)  # type: ignore[arg-type]
    assert all(v >= f for v, f in zip((*sc.micro(), *sc.claim_pr()), floors, strict=True))


@pytest.mark.parametrize("name,floors", [("dev-A", (0.61, 0.60, 0.74, 0.97)),
                                         ("dev-B", (0.68, 0.58, 0.79, 0.93))])
def test_dev_sets_meet_their_floors(name: str, floors: tuple[float, ...]) -> None:
    path = SHARED / f"{name}.json"
    if not path.exists():
        pytest.skip("../shared/flags is not beside this checkout")
    sc = score_set(path)
    assert all(v >= f for v, f in zip((*sc.micro(), *sc.claim_pr()), floors, strict=True))


@pytest.mark.parametrize("story,sentence,code", [
    ("Reuters could not independently verify the army's account. The army said it killed 40 "
     "fighters.", "The army said it killed 40 fighters.", "unverified_by_story"),
    ("The ministry said 12 people died, a figure that could not be independently verified.",
     "The ministry said 12 people died", "unverified_by_story"),
    ("A police officer told AP on the condition of anonymity that three men were arrested.",
     "three men were arrested", "anonymous_source"),
    ("The governor said in a post on X that the bridge had collapsed.", "the bridge had collapsed",
     "social_media_only"),
    ("Pakistan claimed it shot down several Indian aircraft.", "shot down several Indian",
     "party_claim"),
    ("The strike may have killed dozens, officials said.", "may have killed dozens",
     "speculative"),
])
def test_each_code_on_news_wordings(story: str, sentence: str, code: str) -> None:
    report = verify.scan(story)
    at = report.text.find(sentence)
    ids = {c.id for c in report.claims if c.span.start <= at < c.span.end}
    assert code in {f.code for f in report.flags if f.item in ids}


@pytest.mark.parametrize("story,sentence,code", [
    ("Grainy CCTV footage showed the two men leaving the shop.", "CCTV footage", "state_media"),
    ("A navy spokesman said the ship had returned to port.", "returned to port",
     "anonymous_source"),
    ("The vote is scheduled for Tuesday and parliament will vote on Tuesday.", "will vote",
     "speculative"),
])
def test_near_misses_are_not_flagged(story: str, sentence: str, code: str) -> None:
    report = verify.scan(story)
    assert code not in {f.code for f in report.flags}


def test_a_story_not_in_english_says_so() -> None:
    french = ("Les rebelles touareg ont affirmé avoir tué des dizaines de soldats maliens et de "
              "mercenaires de Wagner lors de deux jours de combats près de la frontière "
              "algérienne. L'armée a déclaré avoir perdu deux soldats mais a affirmé avoir tué "
              "une vingtaine de rebelles. Aucune de ces affirmations n'a pu être vérifiée de "
              "manière indépendante par notre rédaction.")
    assert any("not read as English" in w for w in verify.scan(french).warnings)
    english = ("Tuareg rebels said they had killed dozens of Malian soldiers and Wagner mercenaries "
               "in two days of fighting near the Algerian border. The army said it had lost two "
               "soldiers but had killed about twenty rebels. Neither account could be verified "
               "independently by our newsroom, and the fighting went on.")
    assert not verify.scan(english).warnings


def test_a_denier_speaks_for_a_side_in_all_they_say() -> None:
    """Someone who denies an accusation in their own words is a side of the dispute: what else
    they say in that story is a party's claim (GUIDE.md: defendants denying are a party)."""
    story = ("Residents say the quarry's blasts have cracked the walls of their homes.\n"
             "Chief Molapo said he knew of the damage but denied ever taking money from the "
             "quarry.\n"
             "Chief Molapo said the quarry had paid for a new school in the village.")
    report = verify.scan(story)
    school = next(c for c in report.claims if "new school" in c.text)
    assert "party_claim" in {f.code for f in report.flags if f.item == school.id}
    neutral = verify.scan("Chief Molapo said the quarry had paid for a new school in the village.")
    assert "party_claim" not in {f.code for f in neutral.flags}


def test_a_subhead_starts_a_section_not_a_new_story() -> None:
    """In plain text a title-case headline starts a new story; a sentence-case subhead only a
    new section of the same story (so a source's account carries across it)."""
    from verify.detect.sentences import story_sentences
    from verify.model import Span

    lines = ["Mine Dispute Grows in Northern Villages", "Residents say the blasts crack walls.",
             "Chief responds", "The chief denied the claims.",
             "Floods Hit Coastal Towns After Storm", "Rivers burst their banks on Monday."]
    text = "\n".join(lines)
    paragraphs, at = [], 0
    for line in lines:
        paragraphs.append(Span(at, at + len(line)))
        at += len(line) + 1
    sents = story_sentences(text, paragraphs, one_story=False)
    by_text = {text[s.span.start:s.span.end]: s for s in sents}
    residents, denial = by_text[lines[1]], by_text[lines[3]]
    floods = by_text[lines[5]]
    assert residents.segment == denial.segment != floods.segment
    assert residents.section != denial.section


def test_a_wholesale_denial_answers_the_accusations_of_every_section() -> None:
    """"Denied all the allegations" under its own subhead conflicts with the accusations made
    in the sections before it (GUIDE.md: each of the conflicting sentences, denials included);
    a denial of one thing does not reach across sections, nor does any denial answer a
    party's sentence that accuses no one."""
    accusations = ("Quarry Row Deepens in Hill Villages\n"
                   "Villagers claim the quarry's blasts have cracked the walls of their homes.\n"
                   "Villagers said the harvest had been poor for three years.\n"
                   "Water woes\n"
                   "Residents accuse the quarry owner of taking water from their only borehole.\n"
                   "Owner responds\n")

    def conflicts(denial: str) -> set[str]:
        report = verify.scan(accusations + denial)
        ids = {f.item for f in report.flags if f.code == "conflicting_accounts"}
        return {c.text for c in report.claims if c.id in ids}

    wholesale = conflicts("When contacted, Mr Dlamini denied all the allegations.")
    assert "When contacted, Mr Dlamini denied all the allegations." in wholesale
    assert any("cracked the walls" in t for t in wholesale)
    assert any("only borehole" in t for t in wholesale)
    assert not any("harvest" in t for t in wholesale)
    assert conflicts("When contacted, Mr Dlamini denied that the road was closed.") == set()


@pytest.mark.parametrize("story,sentence,code", [
    # a warning as a verb is a hedge; "security risks" is a noun
    ("The minister said the plan risks leaving thousands without power.", "risks leaving",
     "speculative"),
    # a prediction by someone else about an institution is a forecast
    ("Analyst Jane Roe said police will struggle to identify all the victims.",
     "police will struggle", "speculative"),
    # speculation named as such
    ("In the memoir he speculates that the studio dropped the film to avoid a boycott.",
     "he speculates that", "speculative"),
    ("Another possibility is Richard Grenell, the ambassador to Germany, officials said.",
     "Another possibility is", "speculative"),
])
def test_hedges_that_are_hedges(story: str, sentence: str, code: str) -> None:
    report = verify.scan(story)
    assert code in {f.code for f in report.flags}


@pytest.mark.parametrize("story", [
    "At least 30 police employees had been considered “security risks”, the newspaper reported.",
    "Voters were about equally likely to call either candidate honest, the poll found.",
    "Police will proceed with DNA testing to confirm the identities of the victims, police said.",
    # a reported plan in the past ("would lead the delegation"; not "would lead to")
    "The White House announced that Mr. Trump would lead the delegation to the summit.",
    # an appointment
    "Natalio Wheatley will function as Acting Premier until the premier returns.",
])
def test_hedge_near_misses(story: str) -> None:
    """A noun "risks", a comparison of rates, an institution's own plan: not speculative."""
    assert "speculative" not in {f.code for f in verify.scan(story).flags}


def test_self_praise_marks_the_claim_not_the_source() -> None:
    """A government praising its own procedures makes that claim a party's; the rest of what
    it says (routine facts) is not."""
    story = ("The health minister said: \"We have robust procedures in place to identify cases.\"\n"
             "The health minister said the patient was being treated at a hospital in Glasgow.")
    report = verify.scan(story)
    praise = next(c for c in report.claims if "robust" in c.text)
    routine = next(c for c in report.claims if "Glasgow" in c.text)
    assert "party_claim" in {f.code for f in report.flags if f.item == praise.id}
    assert "party_claim" not in {f.code for f in report.flags if f.item == routine.id}


@pytest.mark.parametrize(("story", "party"), [
    ("Governor Andrew Cuomo said the state was succeeding in flattening the curve.", True),
    ("The FBI told reporters that it had received the letter and defended its commitment to "
     "countering foreign police stations.", True),
    ("Health Secretary Jeremy Hunt said NHS workers are working in Sierra Leone with the army.",
     False),
    ("The health secretary said the process has worked well and the patient was isolated at "
     "once.", True),
])
def test_an_institution_on_its_own_success_is_a_party(story: str, party: bool) -> None:
    """GUIDE.md's own example: "the programme is succeeding", said by the government that runs
    it, serves it; where its people work is a routine fact."""
    assert ("party_claim" in {f.code for f in verify.scan(story).flags}) is party


def test_a_trade_war_is_not_an_armed_conflict() -> None:
    story = ("The trade war between the two countries has dragged on for a year.\n"
             "China's commerce ministry said removing the tariffs of the trade war is a "
             "condition of any deal.")
    assert "party_claim" not in {f.code for f in verify.scan(story).flags}


@pytest.mark.parametrize("story,social", [
    ("In a later post, the mayor said the bridge had collapsed.", True),
    ("In May, the user posted a photo of the flooded street outside his house.", True),
    ("Several of the account's posts showed the convoy on the road north of the town.", True),
    ("The company posted a record loss of $2 billion in the third quarter, its chief said.", False),
    ("The suspect posted bail on Monday and was released, police said.", False),
    ("Bushnell's LinkedIn profile lists him as a student of software engineering.", True),
    ("Acebush1's last Reddit post was on February 24, two days before the protest.", True),
    ("In November 2021, acebush1 made multiple posts asking about a computer degree.", True),
    ("In a separate tweet, the group added that the company had broken its promise.", True),
    ("The post office in the town closed after the flood damaged its roof in May.", False),
    ("The Reddit posts, by a user named acebush1, chronicle a struggle with money.", True),
    ("His account of the night was confirmed by three neighbours and the police.", False),
    ("The minister took to X to say the strike had killed twenty fighters near the town.", True),
    ("Thousands took to the streets of the capital on Sunday to protest against the tax.", False),
])
def test_posts_as_the_only_source(story: str, social: bool) -> None:
    """A post is the source when the story places the statement in one ("in a later post"),
    when someone "posted" it, or when the source is the posts themselves; "posted a loss" and
    "posted bail" are not posts."""
    assert ("social_media_only" in {f.code for f in verify.scan(story).flags}) is social


@pytest.mark.parametrize(("story", "anonymous"), [
    ("The cemetery is regarded as a place of sorrow because of its mass graves.", True),
    ("The minister is widely viewed as the architect of the 2019 reform of the courts.", True),
    ("The plan is considered to be the costliest ever proposed for the city's water system.",
     True),
    ("The minister viewed the site of the 2019 flood from a helicopter on Monday.", False),
])
def test_seeing_with_no_one_who_sees_is_an_unnamed_source(story: str, anonymous: bool) -> None:
    """GUIDE.md: "it is seen as" names nobody; so do "is regarded as", "is viewed as"."""
    assert ("anonymous_source" in {f.code for f in verify.scan(story).flags}) is anonymous


@pytest.mark.parametrize(("story", "conflict"), [
    ("Though authorities have said the drop in speeds was due to technical issues, activists "
     "have claimed that the army is using a national firewall.", True),
    ("Trump has recently tried to suggest that he barely knows his ambassador, but Sondland has "
     "said he spoke several times with the president.", True),
    ("The minister said the talks would resume, but added that no date had been set.", False),
    ("Police said the man was arrested, but did not give his name or his age.", False),
    ("Although no other missing people were reported, the mayor said the search would go on.",
     False),
])
def test_two_accounts_set_against_each_other_in_one_sentence(story: str, conflict: bool) -> None:
    """GUIDE.md: where both sides are in one sentence, that sentence gets conflicting_accounts;
    a second verb of the same speaker, or a passive with no account, is not a second side."""
    assert ("conflicting_accounts" in {f.code for f in verify.scan(story).flags}) is conflict


@pytest.mark.parametrize("sentence,party", [
    # a side's own losses are an admission against its interest
    ("Turkey's Defence Ministry said one of its soldiers was killed and another wounded in "
     "shelling by Syrian government forces in Idlib on Monday.", False),
    ("Two United States service members have been killed in a helicopter crash in "
     "Afghanistan, the US military said in a statement on Wednesday.", False),
    # the enemy's losses, or its own beside the enemy's, are the side's own account
    ("Turkey's Defence Ministry said 50 Syrian soldiers were killed in shelling by Turkish "
     "forces in Idlib on Monday.", True),
    ("The Israeli military said it had lost two soldiers and killed dozens of militants in "
     "fighting in Gaza on Monday.", True),
])
def test_a_side_admitting_its_own_losses_is_no_party(sentence: str, party: bool) -> None:
    """GUIDE.md: a party admitting something against its own interest is not a party claim."""
    story = ("Fighting between the two armies went on for a third day, with shelling and air "
             "strikes along the front line and attacks on border towns.\n" + sentence)
    report = verify.scan(story)
    claim = next(c for c in report.claims if c.text.startswith(sentence[:30]))
    assert ("party_claim" in {f.code for f in report.flags if f.item == claim.id}) is party


def test_one_country_under_its_several_names() -> None:
    """"U.S.", "the United States" and "American" are one side; "UK" and "Britain" another."""
    from verify.flags.sources import country_key
    from verify.lexicon import load

    names = load().country_names
    assert len({country_key(n, names) for n in ("U.S.", "United States", "American", "US")}) == 1
    assert country_key("Britain", names) == country_key("UK", names) != country_key("US", names)
    assert country_key("Indian", names) == country_key("India", names)


def test_figures_of_the_same_victims_conflict_whoever_they_are() -> None:
    """Protesters counted by two sources, a bare figure that "have been killed", and a vague
    "handful" against an exact toll are conflicting figures (GUIDE.md); the security forces'
    dead are other people, and the soldiers' wounded another outcome."""
    story = ("Security forces fired on crowds in cities across the country this week.\n"
             "At least 106 protesters in 21 cities have been killed, according to reports "
             "received by Amnesty International.\n"
             "The group said some reports suggested as many as 200 have been killed.\n"
             "State media reported only a handful of protester deaths and the deaths of four "
             "members of the security forces.\n"
             "The army said 30 soldiers were wounded in the clashes.")
    report = verify.scan(story)
    flagged = {f.item for f in report.flags if f.code == "conflicting_accounts"}
    conflicted = {c.text.split()[1] for c in report.claims if c.id in flagged}
    assert conflicted == {"least", "group", "media"}  # not "army"


@pytest.mark.parametrize("story,anonymous", [
    ("Environmentalists want the plants to remain closed until the reactors are inspected.",
     True),
    ("Some diplomats welcomed the ambassador's strong words on Russia at the meeting.", True),
    ("Environmental groups in the state filed a lawsuit against the plant on Monday.", False),
])
def test_a_vague_group_and_what_it_wants_or_welcomes(story: str, anonymous: bool) -> None:
    """A vague group as the subject of a view or a stance is an unnamed source (GUIDE.md)."""
    assert ("anonymous_source" in {f.code for f in verify.scan(story).flags}) is anonymous


@pytest.mark.parametrize("reply,conflict", [
    ("Ms. Haley testily responded that she did not get confused.", True),
    ("Ms. Haley responded that the sanctions would be announced on Monday.", False),
])
def test_a_reply_that_says_it_is_not_so_is_a_denial(reply: str, conflict: bool) -> None:
    """"responded that she did not ..." answers the account before it (GUIDE.md: denials are
    conflicting accounts); a reply that adds something does not."""
    report = verify.scan("Mr. Bolton said Ms. Haley had been confused about the sanctions.\n"
                         + reply)
    assert ("conflicting_accounts" in {f.code for f in report.flags}) is conflict


@pytest.mark.parametrize("sentence,conflict", [
    ("Dershowitz denied allegations by Allen that the attorney had asked him to lie.", True),
    ("Ambassador Andrii Melnyk denied his Russian counterpart's accusations of war crimes.", True),
    ("The minister denied the allegations on Monday.", False),  # whose: not in this sentence
])
def test_a_denial_of_anothers_named_account_in_one_sentence(sentence: str,
                                                            conflict: bool) -> None:
    """Both versions in one sentence give it the code (GUIDE.md)."""
    flags = {f.code for f in verify.scan(sentence).flags}
    assert ("conflicting_accounts" in flags) is conflict
