"""End-to-end extraction with the real spaCy pipeline."""

import pytest

from faultlines import InputError, Status, extract


def codes(event):
    return (event.event_type, event.source.actor.key if event.source else None,
            event.target.actor.key if event.target else None)


@pytest.mark.parametrize("text,expected", [
    ("Iran sent ballistic missiles to Russia last month.", ("AID", "IRN", "RUS")),
    ("Ukraine was attacked by Russian drones overnight, officials in Kyiv said.", ("ASSAULT", "RUS", "UKR")),
    ("The European Union imposed new sanctions on Iran on Monday.", ("SANCTION", "EU", "IRN")),
    ("Chinese President Xi Jinping met Brazil's president in Beijing.", ("CONSULT", "CHN", "BRA")),
    ("Hamas fighters fired rockets at Israel from Gaza.", ("ASSAULT", "HAMAS", "ISR")),
    ("Turkey expelled two Swedish diplomats on Friday.", ("SANCTION", "TUR", "SWE")),
])
def test_extract_codes_who_did_what_to_whom(nlp, text, expected):
    events = extract(text, date="2024-05-10")
    assert expected in [codes(e) for e in events], [codes(e) for e in events]


@pytest.mark.parametrize("text", [
    "Manchester United beat Chelsea 2-1 on Saturday to move third in the league.",
    "Heavy rain is expected across southern England on Tuesday, forecasters said.",
    "Shares in the carmaker fell 4% after it cut its profit forecast.",
    "Nicholas Lovric is a researcher and consultant specializing in Russian affairs.",
])
def test_extract_no_event_where_there_is_none(nlp, text):
    assert extract(text, date="2024-05-10") == []


def test_extract_negated_event_is_not_coded(nlp):
    assert not [e for e in extract("Russia did not attack Ukraine on Sunday.") if e.event_type == "ASSAULT"]


def test_extract_reported_event_names_its_claimant(nlp):
    events = extract("Iran has sent ballistic missiles to Russia, Bloomberg reported on Friday.",
                     date="2024-09-07")
    aid = next(e for e in events if e.event_type == "AID")
    assert aid.status is Status.REPORTED
    assert aid.attributed_to.mention.actor.code == "BLOOMBERG"
    assert aid.mode == "military"
    assert aid.instrument and "missiles" in aid.instrument


def test_an_announced_act_is_done_and_announced_plans_are_planned(nlp):
    done = [e for e in extract("Libya's rival authorities have announced an immediate ceasefire.") if e.cameo == "0871"]
    assert done and done[0].status is Status.ASSERTED
    planned = [e for e in extract("Russia announced it will withdraw its troops from Kherson.") if e.event_type == "RETREAT"]
    assert planned and planned[0].status is Status.PLANNED


def test_extract_hypothetical_event_is_not_asserted(nlp):
    events = extract("A Russian strike on the plant could lead to a nuclear disaster, Ukraine warned.")
    assert all(e.status is not Status.ASSERTED for e in events if e.event_type == "ASSAULT")


def test_extract_relative_date_resolves_against_document_date(nlp):
    events = extract("Israel struck Hezbollah positions in Lebanon on Tuesday.", date="2024-09-27")
    assert events and events[0].date == "2024-09-24"


def test_extract_empty_text_gives_no_events():
    assert extract("   ") == []


def test_extract_binary_text_is_a_clear_error():
    with pytest.raises(InputError, match="binary"):
        extract("abc\x00\x01\x02def", doc_id="blob")


def test_extract_non_english_text_gives_no_events(nlp):
    text = "Der russische Präsident hat am Montag in Moskau mit dem iranischen Außenminister gesprochen und neue Verträge unterzeichnet."
    assert extract(text) == []


def test_extract_survives_a_ten_thousand_token_sentence(nlp):
    text = "Iran sent missiles to Russia. " + " ".join(["word"] * 10_000) + ". Russia attacked Ukraine."
    events = extract(text)
    assert {"AID", "ASSAULT"} <= {e.event_type for e in events}


def coded(text, coder="rules"):
    """The rules' lexicon and constructions (the hybrid may recode a sentence; see
    tests/test_learned.py)."""
    return [(e.event_type, e.cameo, e.source.actor.key if e.source else None,
             e.target.actor.key if e.target else None, e.status.value)
            for e in extract(text, date="2024-05-10", coder=coder)]


@pytest.mark.parametrize("text,expected", [
    # an expressed readiness is an intent (CAMEO 03), or a threat when the act is hostile (13)
    ("Colombia is ready to contribute troops to the NATO force in Afghanistan.", ("AGREE", "030", "COL")),
    ("Pakistan's army is prepared to strike India if provoked.", ("THREATEN", "130", "PAK", "IND")),
    # refusing or failing to cooperate is itself an act
    ("Serbia declined to recognise Kosovo's independence.", ("REJECT", "120", "SRB")),
    ("Britain and the European Union failed to reach a deal on the border.", ("REJECT", "120", "GBR")),
    # a claim of responsibility codes the attack, by the claimant, as the claimant's word
    ("The Taliban claimed responsibility for the attack in Kabul.", ("ASSAULT", "190", "TALIBAN", "AFG", "reported")),
    # the author of a document acts through it
    ("Egypt's foreign ministry issued a statement condemning Israel.", ("ACCUSE", "111", "EGY", "ISR")),
    ("Iraqi security forces opened fire on protesters in Baghdad.", ("ASSAULT", "190", "IRQ")),
    ("Police in Zimbabwe fired teargas at opposition supporters.", ("ASSAULT", "175", "ZWE")),
    ("Ghana closed its borders with Togo ahead of the vote.", ("COERCE", "191", "GHA", "TGO")),
    ("Ethiopia lifted the state of emergency in the Amhara region.", ("RETREAT", "0814", "ETH")),
    ("Kyrgyzstan's president resigned on Thursday after days of unrest.", ("CONCEDE", "0831", "KGZ")),
    ("The UN withdrew peacekeepers from the Golan Heights.", ("SANCTION", "1661", "UN")),
    ("France sent seven military experts to Saudi Arabia to investigate the attacks.", ("ACCUSE", "090", "FRA", "SAU")),
    # "X said Y must …" is X's demand on Y; "should" an appeal
    ("The EU said Russia must withdraw its troops from Ukraine.", ("REQUEST", "100", "EU", "RUS")),
    ("Germany's foreign minister said Israel should allow more aid into Gaza.", ("REQUEST", "020", "DEU", "ISR")),
    ("A Copenhagen court found the former official guilty of fraud.", ("ACCUSE", "116", "DNK")),
    ("The European Commission launched legal action against the Polish government.", ("ACCUSE", "115", "EU", "POL")),
    # a verb with no agent takes the source of the act it happened in
    ("Five Afghan soldiers were killed in a Taliban attack on a checkpoint.", ("ASSAULT", "190", "TALIBAN", "AFG")),
    # a phone call is a consultation; "called on" / "called for" an appeal, even with a date first
    ("Putin called Erdogan on Tuesday to discuss Syria.", ("CONSULT", "041", "RUS", "TUR")),
    ("On Monday, Macron called his Ukrainian counterpart.", ("CONSULT", "041", "FRA", "UKR")),
    ("Theresa May called on Friday for Britain to stay in the single market.", ("REQUEST", "020", "GBR")),
    # one's own troops are moved; the place is the target
    ("Sudan is willing to withdraw its troops from Abyei.", ("AGREE", "030", "SDN")),
    ("Australia is willing to withdraw its troops from Iraq.", ("AGREE", "030", "AUS", "IRQ")),
    # lifting a measure imposed on someone concedes to them; aid given to help a place goes there
    ("The U.N. Security Council lifted sanctions imposed on Eritrea nine years ago.", ("RETREAT", "085", "UNSC", "ERI")),
    ("Germany gave 50 million euros to promote economic development in Ethiopia.", ("AID", "071", "DEU", "ETH")),
    ("Al-Shabaab fighters overran an army base in Somalia.", ("ASSAULT", "190", "AL_SHABAAB", "SOM")),
    ("The U.S. military launched air and artillery strikes on Syrian troops.", ("ASSAULT", "195", "USA", "SYR")),
    # not ending a strike, or saying one cannot accept refugees, is a refusal
    ("Nigerian labour unions said they will not end the strike.", ("REJECT", "124")),
    ("Bangladesh said it cannot accept any more refugees from Myanmar.", ("REJECT", "122", "BGD")),
    ("The FARC said they will lay down their arms in Colombia.", ("RETREAT", "0873", "FARC", "COL")),
    ("The US authorities returned the looted statues to Iraq.", ("RETREAT", "084", "USA", "IRQ")),
    ("Turkey opened its borders to Syrians fleeing the war.", ("AID", "075", "TUR", "SYR")),
    ("The European Union has deployed election observers in Zimbabwe.", ("AID", "074", "EU", "ZWE")),
    ("Norway contributed $40 million to the UN fund for Yemen.", ("AID", "071", "NOR")),
    ("Saudi Arabia eased curfew hours in several cities.", ("RETREAT", "0813", "SAU")),
    ("Washington cut tariffs on Chinese goods.", ("RETREAT", "085", "USA", "CHN")),
    # "they" in what a speaker said is the speaker's side
    ("The Nigerian union said they will not end the strike.", ("REJECT", "124", "NGA")),
    # the parties to a mediation are its targets; what is asked for or agreed is aimed somewhere
    ("Qatar launched a mediation effort between Sudan and South Sudan.", ("CONSULT", "045", "QAT", "SDN")),
    ("Greece called for sanctions against Turkey.", ("REQUEST", "020", "GRC", "TUR")),
    ("Russia agreed to a ceasefire in Syria.", ("AGREE", "030", "RUS", "SYR")),
    ("Indonesia established diplomatic ties with the Pacific island nation of Nauru.", ("SUPPORT", "050", "IDN", "NRU")),
    ("Thousands of South Sudanese refugees have sought refuge in Uganda.", ("REQUEST", "0233", "SSD", "UGA")),
    ("The European Commission suspended humanitarian aid to Gaza.", ("SANCTION", "162", "EU")),
])
def test_extract_cameo_senses(nlp, text, expected):
    found = coded(text)
    assert any(got[:len(expected)] == expected for got in found), found


def test_a_target_named_inside_the_place_attacked_keeps_the_whole_phrase(nlp):
    text = "Al-Shabaab fighters attacked a military base in southern Somalia on Friday."
    event = next(e for e in extract(text) if e.event_type == "ASSAULT")
    assert event.target.actor.key == "SOM"
    assert text[event.target.phrase_start:event.target.phrase_end] == "a military base in southern Somalia"


def test_a_trailing_date_or_relative_clause_is_not_part_of_an_argument(nlp):
    text = "Pakistan summoned France's ambassador Monday to complain about the campaign."
    event = next(e for e in extract(text) if e.cameo == "114")
    assert text[event.target.phrase_start:event.target.phrase_end] == "France's ambassador"


@pytest.mark.parametrize("text,cameo,role,phrase", [
    ("Poland summoned the Russian ambassador in Warsaw on Monday.", "114", "target", "the Russian ambassador"),
    ("Islamic State fighters held 20,000 civilians as human shields in Raqqa.", "184", "target", "20,000 civilians"),
    ("Ethiopia declared a state of emergency in the Amhara region.", "1724", "target", "the Amhara region"),
    ("Hours earlier Maduro expelled the top American diplomat.", "166", "source", "Maduro"),
    ("Taliban gunmen in retaliation killed two Afghan soldiers.", "190", "source", "Taliban gunmen"),
    ("The Committee to Protect Journalists urged Ethiopian authorities to free the reporters.", "020", "source",
     "The Committee to Protect Journalists"),
    ("The IAEA chief was in Tehran on Monday for talks with Iranian officials, his second trip in a month.",
     "042", "source", "The IAEA chief"),
    ("Sudan expelled foreign aid workers, including those from Oxfam.", "166", "target", "foreign aid workers"),
    ("A court in Tehran convicted a French tourist of espionage.", "116", "target", "a French tourist"),
    ("JENIN - Israeli soldiers shot dead two Palestinian gunmen during a raid.", "193", "target",
     "two Palestinian gunmen"),
    ("Venezuelan intelligence agents detained an opposition campaign manager.", "173", "target",
     "an opposition campaign manager"),
    ("Britain accused Russia's military intelligence agency of cyber attacks.", "112", "target",
     "Russia's military intelligence agency"),
    ("Israel threatened to strike Haifa's neighbour Lebanon, a small country on its northern border.",
     "130", "target", "Haifa's neighbour Lebanon"),
    ("Japan eased sanctions on both Iran and Venezuela on Monday.", "085", "target", "Iran"),
])
def test_argument_phrases_leave_out_where_and_as_what(nlp, text, cameo, role, phrase):
    event = next(e for e in extract(text) if e.cameo == cameo)
    mention = getattr(event, role)
    assert text[mention.phrase_start:mention.phrase_end] == phrase


def test_a_country_named_before_an_armed_group_is_its_home_not_a_second_actor(nlp):
    events = extract("Somalia's al Shabaab militants attacked a police post near Mandera.",
                     date="2024-03-03", coder="rules")
    assert [e.source.actor.key for e in events] == ["AL_SHABAAB"]
    # an IGO after a country names a posting: "Russia's U.N. ambassador" is Russia's
    events = extract("Russia's U.N. ambassador Vassily Nebenzia condemned the strike on Gaza.",
                     date="2024-03-03", coder="rules")
    assert events and events[0].source.actor.key == "RUS"


def test_a_sea_named_after_a_country_is_a_place_not_that_country(nlp):
    events = extract("Japan and Australia said they would expand joint patrols in the South China Sea.",
                     date="2024-10-09", coder="rules")
    assert events and all(e.target is None or e.target.actor.key != "CHN" for e in events)


def test_force_as_a_means_is_nobodys_armed_forces(nlp):
    text = ("BEIJING, Oct 9 (Reuters) - \"We will not accept any change to the status quo by force,\" "
            "Japanese Defence Minister Gen Nakatani told reporters.")
    for coder in ("rules", "hybrid"):
        assert all(m is None or m.actor.code != "CHN.MIL" for e in extract(text, coder=coder)
                   for m in (e.source, e.target)), coder


def test_a_past_act_in_a_while_clause_keeps_its_own_status(nlp):
    """"Germany would send batteries, while Hungary blocked the package": the blocking
    happened; the main clause's "would" and "announced" are not its status."""
    events = extract("Germany announced it would send two more Patriot batteries, while Hungary again "
                     "blocked a European Union aid package.", date="2025-02-11", coder="rules")
    blocked = next(e for e in events if e.trigger == "blocked")
    assert blocked.status.value == "asserted" and blocked.source.actor.key == "HUN"


def test_an_act_coordinated_with_a_denial_is_not_denied(nlp):
    """"denied the accusations and warned Washington": the warning was made; what is
    denied is the accusations' content, not the next act of the one who denies."""
    events = extract("Beijing denied the accusations and warned Washington against selling more "
                     "weapons to Taipei.", date="2024-10-09", coder="rules")
    warning = next(e for e in events if e.trigger == "warned")
    assert warning.status.value == "asserted" and warning.target.actor.key == "USA"


def test_they_after_coordinated_subjects_points_each_event_at_its_own_conjunct(nlp):
    text = ("Ethiopian Prime Minister Abiy Ahmed and Kenyan President William Ruto met in Addis Ababa, "
            "where they also signed a deal on electricity exports.")
    signed = [e for e in extract(text, date="2024-03-03", coder="rules") if e.trigger == "signed"]
    assert [text[slice(*e.source.phrase_span)] for e in signed] == \
        ["Ethiopian Prime Minister Abiy Ahmed", "Kenyan President William Ruto"]


def test_a_title_with_another_name_is_not_the_current_holder(nlp):
    """"President Alvaro Uribe" is not whoever is president on the document's date."""
    event = next(e for e in extract("Colombian President Alvaro Uribe declared a state of emergency.",
                                    date="2024-05-10") if e.cameo == "1724")
    assert event.source.actor.country == "COL" and "PETRO" not in (event.source.actor.code or "")
    putin = next(e for e in extract("Russian President Vladimir Putin met Erdogan.", date="2024-05-10"))
    assert putin.source.actor.code == "RUS.VLADIMIR_PUTIN"


def test_a_name_is_not_an_act_and_a_day_does_not_act(nlp):
    assert not [e for e in extract("UN Secretary-General Ban Ki-moon arrived in Seoul.") if e.cameo.startswith("172")]
    event = next(e for e in extract("Israel's parliament passed a law on Monday banning the UN agency.")
                 if e.cameo.startswith("172"))
    assert event.source.actor.country == "ISR"


def test_a_demanded_act_is_not_coded_as_done(nlp):
    found = coded("The EU said Russia must withdraw its troops from Ukraine.")
    assert not [f for f in found if f[0] == "RETREAT"], found


@pytest.mark.parametrize("text,expected", [
    ("The State Department said it is skeptical about Iran's motives.", ("012", "USA", "IRN")),
    ("UN chief Antonio Guterres expressed concern to the Security Council about the fighting.", ("012", "UN", "UNSC")),
    ("Japan's prime minister offered condolences to Turkey after the earthquake.", ("018", "JPN", "TUR")),
    ("Germany expressed optimism that Serbia and Kosovo would reach a deal.", ("013", "DEU", "SRB")),
    ("The Kremlin declined to comment on the report.", ("011", "RUS", None)),
    ("China denied charges by the United States that it hacked the ministry.", ("016", "CHN", "USA")),
    ("Poland said it agrees with Lithuania.", ("019", "POL", "LTU")),
    ("NATO would not comment on the intelligence assessment.", ("011", "NATO", None)),
    ("Chile's president sent a message of sympathy to Peru after the earthquake.", ("018", "CHL", "PER")),
    ("Spain said it shared France's position on farm subsidies.", ("019", "ESP", "FRA")),
    ("Egypt is alarmed by Ethiopia's plans to fill the dam.", ("012", "EGY", "ETH")),
    ("Britain said it doubted Russia's commitment to the grain deal.", ("012", "GBR", "RUS")),
])
def test_comments_are_coded_only_when_asked(nlp, text, expected):
    """CAMEO 01 comments: opt-in, event type COMMENT, QuadClass 1, with speaker and addressee."""
    assert not [e for e in extract(text) if e.event_type == "COMMENT"]
    found = [(e.cameo, e.source.actor.key if e.source else None, e.target.actor.key if e.target else None)
             for e in extract(text, comments=True) if e.event_type == "COMMENT"]
    assert expected in found, found
    assert all(e.quad_class == 1 for e in extract(text, comments=True) if e.event_type == "COMMENT")


def test_agreeing_with_someone_is_a_view_not_a_deal(nlp):
    assert not [e for e in extract("Poland said it agrees with Lithuania.") if e.event_type == "AGREE"]
    assert [e for e in extract("Iran agreed with Russia on a ceasefire.") if e.event_type == "AGREE"]


def test_a_negated_comment_is_not_coded(nlp):
    assert not [e for e in extract("Russia did not express concern about the strikes.", comments=True)
                if e.event_type == "COMMENT"]


def test_contract_text_is_the_whole_argument_phrase(nlp):
    """`source.text` / `target.text` are the phrase a reader (or annotator) would mark,
    with offsets into the document; the bare name is the actor's `name`."""
    text = "Russia's Supreme Court rejected an appeal by Jehovah's Witnesses on Monday."
    event = next(e for e in extract(text) if e.cameo == "120")
    source = event.to_json()["source"]
    assert source["text"] == "Russia's Supreme Court"
    assert text[source["start_char"]:source["end_char"]] == source["text"]


# -- dates, datelines and accusations (issue 13, part 6) ------------------------------

@pytest.mark.parametrize("text, date, expected", [
    ("Russia invaded Ukraine in February 2022.", "2024-05-01", "2022-02-01"),
    ("Israel struck Hezbollah positions last November, the army said.", "2024-05-01", "2023-11-01"),
    ("Turkey expelled two Swedish diplomats on Tuesday.", "2024-05-01", "2024-04-30"),
    ("The foreign ministers of Iran and Saudi Arabia will meet in Beijing on Tuesday.", "2024-05-01", "2024-05-07"),
])
def test_event_dates_stated_as_months_or_relative_days(nlp, text, date, expected):
    events = extract(text, date=date)
    assert events and events[0].date == expected


def test_the_act_inside_an_accusation_is_not_the_accusers(nlp):
    events = extract("Thailand accused Cambodian troops of firing rockets at a Thai village on Thursday.",
                     date="2025-07-24")
    assert [(e.event_type, e.source.actor.key, e.target.actor.key) for e in events] == [("ACCUSE", "THA", "KHM")]
    assert not any(e.event_type == "ASSAULT" and e.source and e.source.actor.key == "THA" for e in events)


def test_an_unknown_actor_does_not_take_the_dateline_country(nlp):
    brussels = extract("BRUSSELS (Reuters) - The ministry said it would retaliate against the EU tariffs.",
                       date="2024-06-12")
    assert all(not (e.source and e.source.actor.key == "BEL") for e in brussels)
    kyiv = extract("KYIV (Reuters) - Saratov governor Roman Busargin said Ukrainian drones attacked an oil "
                   "refinery.", date="2024-01-05")
    claimant = kyiv[0].attributed_to.mention.actor
    assert kyiv[0].source.actor.key == "UKR" and claimant.country == "RUS"


def test_a_year_dates_only_its_own_act_and_a_charge_inside_the_object_is_not_coded(nlp):
    text = ("U.N. investigators have accused Malian troops and fighters from Russia's Wagner group of "
            "killing hundreds of civilians in the town of Moura in 2022.")
    events = extract(text, date="2024-01-01", coder="rules")
    assert [(e.event_type, e.date) for e in events] == [("ACCUSE", "2024-01-01")]
    assert [e.date for e in extract("The EU imposed sanctions on Iran in 2019.", date="2024-05-01",
                                    coder="rules")] == ["2019-01-01"]


def test_a_headline_without_a_full_stop_is_its_own_sentence(nlp):
    """A title ending in an abbreviation ("... for the U.S.") and the paragraph under
    it are two sentences: events and their evidence do not run across a blank line."""
    from faultlines.extract import extract_documents
    from faultlines.model import Document

    text = ("Iran's Drones Worry the U.S.\n\nIsraeli jets bombed Hezbollah positions in "
            "southern Lebanon on Tuesday.")
    doc = nlp(text)
    assert [s.text.strip() for s in doc.sents] == [
        "Iran's Drones Worry the U.S.", "Israeli jets bombed Hezbollah positions in southern Lebanon on Tuesday."]
    result = next(iter(extract_documents([Document("h", text, "2024-09-24")], coder="rules")))
    assert [e.sentence_index for e in result.events if e.event_type == "ASSAULT"] == [1]
