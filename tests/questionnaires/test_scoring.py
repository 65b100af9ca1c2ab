"""A hand-made reading scores to the profile worked out by hand; two profiles compare."""

from __future__ import annotations

from pathlib import Path

from questionnaires.loader import load_catalogue, load_questionnaire
from questionnaires.model import Answer, LocalizedText
from questionnaires.scoring import (
    AgendaPoint,
    Profile,
    SafetyFlag,
    SphereResult,
    Suggestion,
    SuggestionReason,
    compare,
    score,
)

QUESTIONNAIRE = """
id: sample
version: 3
audience: participant
languages: [pl]
title: {pl: Próbka}
scales:
  rating5:
    points:
      - {value: 1, label: {pl: Bardzo źle}}
      - {value: 2, label: {pl: Źle}}
      - {value: 3, label: {pl: Średnio}}
      - {value: 4, label: {pl: Dobrze}}
      - {value: 5, label: {pl: Bardzo dobrze}}
sections:
  - id: money
    sphere: socio_economic
    title: {pl: Pieniądze}
    items:
      - id: income
        type: single
        text: {pl: Dochód}
        options:
          - {id: none, label: {pl: Brak}, score: 0}
          - {id: irregular, label: {pl: Nieregularny}, score: 50}
          - {id: regular, label: {pl: Stały}, score: 100}
      - id: debts
        type: yesno
        weight: 2
        text: {pl: Długi}
        options: [{id: yes, score: 0}, {id: no, score: 100}]
      - id: benefits
        type: multiple
        text: {pl: Świadczenia}
        options:
          - {id: benefit, label: {pl: Zasiłek}, score: 60}
          - {id: integration, label: {pl: Świadczenie integracyjne}, score: 80}
          - {id: nothing, label: {pl: Żadne}, exclusive: true}
      - id: housing
        type: single
        required: false
        text: {pl: Mieszkanie}
        options:
          - {id: ok, label: {pl: Dobre}, score: 100}
          - {id: bad, label: {pl: Złe}, score: 0}
      - id: money_rating
        type: scale
        scale: rating5
        role: sphere_rating
        text: {pl: Ocena}
  - id: health
    sphere: health
    title: {pl: Zdrowie}
    scoring: {need_below: 30, strength_from: 60}
    items:
      - id: wellbeing
        type: scale
        scale: rating5
        text: {pl: Samopoczucie}
      - id: addiction
        type: yesno
        sensitive: true
        text: {pl: Uzależnienie}
        options: [{id: yes, score: 0}, {id: no, score: 100}]
      - id: treatment
        type: single
        talk_to_staff: true
        topic: {pl: Leczenie w toku}
        text: {pl: Leczenie}
        options:
          - {id: a, label: {pl: Tak}, score: 100}
          - {id: b, label: {pl: Nie}, score: 0}
      - id: gp
        type: yesno
        text: {pl: Lekarz}
  - id: mind
    sphere: psychological
    title: {pl: Samopoczucie}
    items:
      - id: mood
        type: single
        text: {pl: Smutek}
        options:
          - {id: often, label: {pl: Często}, score: 0, safety_flag: true}
          - {id: sometimes, label: {pl: Czasem}, score: 50}
          - {id: never, label: {pl: Nigdy}, score: 100}
      - id: age
        type: number
        min: 16
        max: 100
        text: {pl: Wiek}
rules:
  - id: r_debts
    when: {item: debts, equals: yes}
    suggest: [debt_help, free_legal_aid]
    reason: {pl: Ma długi}
  - id: r_money_need
    when: {sphere: socio_economic, class: need}
    suggest: [debt_help, benefit_help]
    reason: {pl: Trudna sytuacja bytowa}
  - id: r_mood
    when: {item: mood, in: [often]}
    safety_flag: true
    reason: {pl: Częsty smutek}
  - id: r_housing
    when: {item: housing, equals: bad}
    suggest: [housing_help]
    reason: {pl: Złe mieszkanie}
  - id: r_health_need
    when: {sphere: health, class: need}
    suggest: [gp_access]
    reason: {pl: Zdrowie}
"""

CATALOGUE = """
version: 1
partner_kinds:
  - {id: ngo, name: {pl: Organizacja, uk: Організація, en: NGO}}
instruments:
  - id: debt_help
    sphere: socio_economic
    partner_kind: ngo
    name: {pl: Długi, uk: Борги, en: Debts}
  - id: free_legal_aid
    sphere: socio_economic
    partner_kind: ngo
    name: {pl: Prawnik, uk: Юрист, en: Lawyer}
  - id: benefit_help
    sphere: socio_economic
    partner_kind: ngo
    name: {pl: Zasiłek, uk: Допомога, en: Benefit}
  - id: housing_help
    sphere: socio_economic
    partner_kind: ngo
    name: {pl: Mieszkanie, uk: Житло, en: Housing}
  - id: gp_access
    sphere: health
    partner_kind: ngo
    name: {pl: Lekarz, uk: Лікар, en: GP}
"""


def _answered(value: str | int | list[str]) -> Answer:
    return Answer(status="answered", value=value)


READING = {
    "income": _answered("irregular"),
    "debts": _answered("yes"),
    "benefits": _answered(["benefit", "integration"]),
    "housing": Answer(status="skipped"),
    "money_rating": _answered(2),
    "wellbeing": _answered(4),
    "addiction": Answer(status="prefer_not_to_say"),
    "treatment": Answer(status="talk_to_staff"),
    "gp": _answered("no"),
    "mood": _answered("often"),
    "age": _answered(40),
}

EMPTY = SphereResult(
    score=None,
    klass=None,
    answered=0,
    missing=0,
    missing_share=None,
    strength_items=[],
    need_items=[],
    rating=None,
)


def test_sample_reading_scores_to_the_hand_computed_profile(tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (tmp_path / "instruments.yaml").write_text(CATALOGUE, encoding="utf-8")
    q = load_questionnaire(tmp_path / "sample.yaml")
    catalogue = load_catalogue(tmp_path / "instruments.yaml")

    profile = score(q, READING, catalogue)

    # socio_economic: income 50 (w1), debts 0 (w2), benefits min(60, 80) = 60 (w1);
    # (50 + 0 + 60) / 4 = 27.5 < 40 -> need; housing skipped -> 1 missing of 4 scored.
    # The sphere rating is reported, not scored.
    money = SphereResult(
        score=27.5,
        klass="need",
        answered=3,
        missing=1,
        missing_share=0.25,
        strength_items=[],
        need_items=["debts"],
        rating=2,
    )
    # health (thresholds 30/60): wellbeing 4 on a linear 1..5 scale = 75 -> strength;
    # addiction declined and treatment moved to staff -> 2 of 3 missing; gp has no scores.
    health = SphereResult(
        score=75.0,
        klass="strength",
        answered=1,
        missing=2,
        missing_share=0.667,
        strength_items=["wellbeing"],
        need_items=[],
        rating=None,
    )
    # psychological: mood "often" = 0 -> need; age is a number and never scored.
    mind = SphereResult(
        score=0.0,
        klass="need",
        answered=1,
        missing=0,
        missing_share=0.0,
        strength_items=[],
        need_items=["mood"],
        rating=None,
    )
    debts_reason = SuggestionReason(rule="r_debts", reason=LocalizedText(pl="Ma długi"))
    need_reason = SuggestionReason(
        rule="r_money_need", reason=LocalizedText(pl="Trudna sytuacja bytowa")
    )
    expected = Profile(
        questionnaire="sample",
        version=3,
        spheres={
            "socio_economic": money,
            "health": health,
            "vocational": EMPTY,
            "psychological": mind,
            "social": EMPTY,
        },
        suggestions=[
            Suggestion(
                instrument="debt_help",
                sphere="socio_economic",
                reasons=[debts_reason, need_reason],
            ),
            Suggestion(
                instrument="free_legal_aid", sphere="socio_economic", reasons=[debts_reason]
            ),
            Suggestion(instrument="benefit_help", sphere="socio_economic", reasons=[need_reason]),
        ],
        agenda=[
            AgendaPoint(
                item="treatment", sphere="health", topic=LocalizedText(pl="Leczenie w toku")
            )
        ],
        safety_flags=[
            SafetyFlag(item="mood", option="often", reason=LocalizedText(pl="Smutek")),
            SafetyFlag(rule="r_mood", reason=LocalizedText(pl="Częsty smutek")),
        ],
    )
    assert profile == expected
    # Profiles are stored as JSON and must come back the same.
    assert Profile.model_validate_json(profile.model_dump_json()) == profile


def test_unanswered_shown_items_count_as_missing_and_hidden_ones_do_not(tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (tmp_path / "instruments.yaml").write_text(CATALOGUE, encoding="utf-8")
    q = load_questionnaire(tmp_path / "sample.yaml")
    catalogue = load_catalogue(tmp_path / "instruments.yaml")

    profile = score(q, {"income": _answered("regular")}, catalogue)

    money = profile.spheres["socio_economic"]
    assert (money.score, money.klass, money.answered, money.missing) == (100.0, "strength", 1, 3)
    assert profile.suggestions == []
    assert profile.safety_flags == []


def test_compare_reports_score_class_and_rating_changes(tmp_path: Path) -> None:
    (tmp_path / "sample.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (tmp_path / "instruments.yaml").write_text(CATALOGUE, encoding="utf-8")
    q = load_questionnaire(tmp_path / "sample.yaml")
    catalogue = load_catalogue(tmp_path / "instruments.yaml")
    before = score(q, READING, catalogue)
    later = dict(READING)
    later["debts"] = _answered("no")  # (50 + 200 + 60) / 4 = 77.5
    later["money_rating"] = _answered(4)
    later["wellbeing"] = _answered(1)  # 0 -> need under the health thresholds
    after = score(q, later, catalogue)

    change = compare(before, after)

    money = change.spheres["socio_economic"]
    assert (money.score_before, money.score_after, money.delta) == (27.5, 77.5, 50.0)
    assert (money.klass_before, money.klass_after) == ("need", "strength")
    assert (money.rating_before, money.rating_after, money.rating_delta) == (2, 4, 2)
    health = change.spheres["health"]
    assert (health.delta, health.klass_before, health.klass_after) == (-75.0, "strength", "need")
    assert health.rating_delta is None
    social = change.spheres["social"]
    assert (social.score_before, social.score_after, social.delta) == (None, None, None)
    assert [s.instrument for s in after.suggestions] == ["gp_access"]
