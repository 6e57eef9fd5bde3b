"""Translations of a dataset's own text: the file format, the loader's checks,
``localise``, ``missing_translations``, ``scorecard check --lang`` and Mérida in Spanish."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from dataset_support import copy_example
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import partial_translations, programmes

import scorecard
from scorecard.cli import main
from scorecard.engine import score
from scorecard.errors import DataError, OptionsError
from scorecard.export import export_json, from_dict
from scorecard.model import (
    Assessment,
    Citation,
    Commitment,
    GradeBand,
    GradeBands,
    Level,
    Party,
    Pillar,
    Programme,
    Scale,
    Translation,
)
from scorecard.result import Result
from scorecard.translations import MissingTranslation, localise, missing_translations, texts

ROOT = Path(__file__).resolve().parent.parent
MERIDA = ROOT / "fixtures" / "merida"

ES = """\
[translation]
language = "es"
locale = "es-MX"
translator = "scorecard test suite"

[programme]
title = "El Programa de Agua Limpia en la Frontera"

[parties.mexico]
label = "México"

[pillars.access]
title = "Ampliar el acceso al agua potable"
short_title = "Acceso"

[commitments."access.connections"]
title = "Conectar 40,000 hogares fronterizos a la red de agua"

[commitments."access.connections".assessments.2015]
rationale = "Cerca de una cuarta parte de la meta se conectó el primer año."

[commitments."access.connections".indicators.households-connected]
unit = "hogares"

[commitments."access.connections".indicators.households-connected.observations.2016-11]
note = "Cifras de la Secretaría para septiembre de 2016."

[weightings.equal]
label = "Pesos iguales"

[[quotes]]
source = "progress-2015"
quote = "connected about 12,000 households to piped water"
translation = "conectó cerca de 12,000 hogares a la red de agua"
"""


def _write(root: Path, text: str, name: str = "es.toml") -> None:
    (root / "translations").mkdir(exist_ok=True)
    (root / "translations" / name).write_text(text, "utf-8")


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        scorecard.load(root)
    return caught.value.lines()


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = copy_example(tmp_path)
    _write(root, ES)
    return root


# -- loading -------------------------------------------------------------------------


def test_a_translation_is_loaded_beside_the_english_text(example: Path) -> None:
    programme = scorecard.load(example)
    assert programme.title == "The Border Clean Water Programme"  # English stays
    translation = programme.translations["es"]
    assert translation.locale == "es-MX"
    assert translation.texts[("parties", "mexico", "label")] == "México"
    assert translation.texts[
        ("commitments", "access.connections", "assessments", "2015", "rationale")
    ].startswith("Cerca de")
    assert translation.quotes[
        ("progress-2015", "connected about 12,000 households to piped water")
    ] == ("conectó cerca de 12,000 hogares a la red de agua")
    # the translations are no part of the English data: same programme, same JSON
    english = scorecard.load(ROOT / "tests" / "data" / "example")
    assert programme == english
    assert export_json(programme) == export_json(english)


def test_an_unknown_id_names_the_file_the_path_and_the_closest_id(example: Path) -> None:
    text = ES.replace('[commitments."access.connections"]\n', '[commitments."access.conection"]\n')
    _write(example, text)
    [line] = _problems(example)
    assert line.startswith("translations/es.toml:")
    assert "commitments['access.conection']" in line
    assert "no commitment 'access.conection' in the dataset" in line
    assert "did you mean 'access.connections'?" in line


def test_an_unknown_assessment_date_is_named_with_the_closest(example: Path) -> None:
    _write(example, ES.replace(".assessments.2015]", ".assessments.2014]"))
    [line] = _problems(example)
    assert "assessment as of '2014' in commitments['access.connections']" in line
    assert "did you mean '2015'?" in line


def test_an_unknown_key_gets_a_did_you_mean(example: Path) -> None:
    _write(example, ES.replace('short_title = "Acceso"', 'short_titel = "Acceso"'))
    [line] = _problems(example)
    assert "translations/es.toml" in line
    assert "pillars.access.short_titel" in line
    assert "unknown key 'short_titel'; did you mean 'short_title'?" in line


def test_a_text_the_dataset_does_not_have_cannot_be_translated(example: Path) -> None:
    # the example's grade B has no meaning to translate
    _write(example, ES + '\n[grades.B]\nmeaning = "Sustancial"\n')
    [line] = _problems(example)
    assert "grades.B.meaning" in line
    assert "the dataset gives no meaning here, so there is nothing to translate" in line


def test_a_quote_not_cited_in_the_dataset_is_an_error(example: Path) -> None:
    _write(example, ES.replace("about 12,000 households to piped", "about 12,000 homes to piped"))
    [line] = _problems(example)
    assert "quotes[0].quote" in line
    assert "this quote of 'progress-2015' is not cited anywhere in the dataset" in line
    assert "did you mean 'connected about 12,000 households to piped water'?" in line


def test_a_quote_of_an_uncited_source_is_an_error(example: Path) -> None:
    _write(example, ES.replace('source = "progress-2015"', 'source = "progress-2016"'))
    [line] = _problems(example)
    assert "quotes[0].source" in line
    assert "no quote of source 'progress-2016' is cited in the dataset" in line
    assert "did you mean 'progress-2015'?" in line


def test_a_wrong_type_is_reported_with_its_path(example: Path) -> None:
    _write(example, ES.replace('label = "Pesos iguales"', "label = 3"))
    [line] = _problems(example)
    assert "weightings.equal.label" in line
    assert "expected a string, got the number 3" in line


def test_the_language_must_match_the_file_name(example: Path) -> None:
    _write(example, ES.replace('language = "es"', 'language = "fr"'))
    [line] = _problems(example)
    assert "translation.language" in line
    assert "language = 'fr', but the file is es.toml" in line


def test_every_problem_of_a_file_is_reported_at_once(example: Path) -> None:
    text = ES.replace("about 12,000 households to piped", "about 12,000 homes to piped")
    text = text.replace("[pillars.access]", "[pillars.acess]")
    _write(example, text)
    lines = _problems(example)
    assert len(lines) == 2
    assert any("quotes[0].quote" in line for line in lines)
    assert any("no pillar 'acess'" in line and "did you mean 'access'?" in line for line in lines)


def test_only_toml_files_go_in_translations(example: Path) -> None:
    (example / "translations" / "notes.txt").write_text("x", "utf-8")
    [line] = _problems(example)
    assert line.startswith("translations/notes.txt")
    assert "translations/ holds one <lang>.toml file per language" in line


# -- localise ------------------------------------------------------------------------


def test_localise_translates_text_and_keeps_quotes_ids_and_scores(example: Path) -> None:
    programme = scorecard.load(example)
    spanish = localise(programme, "es")
    assert spanish.title == "El Programa de Agua Limpia en la Frontera"
    assert spanish.description == programme.description  # not translated: falls back
    assert spanish.party("mexico").label == "México"
    assert spanish.party("united-states").label == "United States"
    assert spanish.pillar("access").short_title == "Acceso"
    c = spanish.commitment("access.connections")
    assert c.title.startswith("Conectar")
    assert c.assessments[0].rationale.startswith("Cerca de")
    assert c.assessments[1].rationale == programme.commitment(c.id).assessments[1].rationale
    assert c.indicators[0].unit == "hogares"
    assert (
        c.indicators[0].observations[1].note == "Cifras de la Secretaría para septiembre de 2016."
    )
    assert spanish.weighting("equal").label == "Pesos iguales"
    translated = [cit for _, cit in spanish.citations() if cit.translation is not None]
    # the quote is cited once in a citation; it is translated wherever it is cited
    assert [cit.quote for cit in translated] == ["connected about 12,000 households to piped water"]
    assert translated[0].span is not None
    before = [(used, cit.source, cit.quote, cit.span) for used, cit in programme.citations()]
    after = [(used, cit.source, cit.quote, cit.span) for used, cit in spanish.citations()]
    assert before == after
    assert _scores(score(spanish)) == _scores(score(programme))


def test_localise_into_the_dataset_language_gives_the_programme_itself(example: Path) -> None:
    programme = scorecard.load(example)
    assert localise(programme, "en") is programme
    assert localise(programme, "en-US") is programme
    assert missing_translations(programme, "en") == []


def test_localise_accepts_a_locale_of_a_translated_language(example: Path) -> None:
    programme = scorecard.load(example)
    assert localise(programme, "es-MX").title == localise(programme, "es").title


def test_an_unknown_language_names_the_available_ones(example: Path) -> None:
    programme = scorecard.load(example)
    with pytest.raises(OptionsError) as caught:
        localise(programme, "fr")
    message = str(caught.value)
    assert "no translation into 'fr'" in message
    assert "available: en (the dataset's own), es" in message
    assert caught.value.lines()[0].startswith("--lang: ")


def test_a_localised_programme_exports_its_quote_translations(example: Path) -> None:
    spanish = localise(scorecard.load(example), "es")
    text = export_json(spanish)
    assert '"translation": "conectó cerca de 12,000 hogares a la red de agua"' in text
    assert text.count('"translation"') == 1
    again = from_dict(json.loads(text))
    assert again == spanish


def _scores(result: Result) -> list[object]:
    out: list[object] = [result.overall.score, result.overall.grade, result.overall.coverage]
    for p in result.pillars:
        out += [p.id, p.score, p.grade, p.coverage, p.effective_weight]
        out += [(c.id, c.score, c.grade, c.status, c.effective_weight) for c in p.commitments]
    return out


@settings(max_examples=40, deadline=None)
@given(data=st.data(), programme=programmes(objectives=None, with_verdicts=True, periods=True))
def test_a_partial_translation_never_changes_a_score_id_or_quote(
    data: st.DataObject, programme: Programme
) -> None:
    translation = data.draw(partial_translations(programme))
    source = attrs.evolve(programme, translations={"es": translation})
    spanish = localise(source, "es")
    assert _scores(score(spanish)) == _scores(score(programme))
    assert [(u, c.source, c.quote, c.kind, c.span) for u, c in spanish.citations()] == [
        (u, c.source, c.quote, c.kind, c.span) for u, c in programme.citations()
    ]
    for _, cit in spanish.citations():
        assert cit.translation == translation.quotes.get((cit.source, cit.quote))
    # what is translated is the translation, what is not falls back to the original
    localised = texts(spanish)
    for key, english in texts(programme).items():
        assert localised[key] == translation.texts.get(key, english)
    missing = {m.path for m in missing_translations(source, "es")}
    assert len(missing) == len(texts(programme)) - len(translation.texts)


# -- the missing list ------------------------------------------------------------------


def _tiny() -> Programme:
    quote = Citation("s1", "We will do it.")
    return Programme(
        id="tiny",
        title="Tiny",
        description="A tiny programme.",
        scale=Scale(
            (
                Level("none", "Nothing", "Nothing done.", value=0.0),
                Level("done", "Done", "All done.", value=1.0),
            )
        ),
        grades=GradeBands((GradeBand("P", 50, 100, "Pass"), GradeBand("F", 0, 50))),
        pillars=(
            Pillar(
                "p1",
                "First pillar",
                "The first.",
                commitments=(
                    Commitment(
                        "p1.c1",
                        "Do it",
                        "They do it.",
                        ("a",),
                        assessments=(
                            Assessment(scorecard.PartialDate(2010), "done", "Done.", (quote,)),
                        ),
                    ),
                ),
            ),
        ),
        parties=(Party("a", "Alpha"),),
    )


def test_the_missing_list_is_exact_on_a_small_dataset() -> None:
    programme = _tiny()
    translation = Translation(
        "es",
        texts={
            ("programme", "title"): "Diminuto",
            ("pillars", "p1", "description"): "El primero.",
            ("commitments", "p1.c1", "assessments", "2010", "rationale"): "Hecho.",
            ("levels", "none", "label"): "Nada",
        },
    )
    programme = attrs.evolve(programme, translations={"es": translation})
    assert missing_translations(programme, "es") == [
        MissingTranslation("programme.description", "A tiny programme."),
        MissingTranslation("parties.a.label", "Alpha"),
        MissingTranslation("levels.none.meaning", "Nothing done."),
        MissingTranslation("levels.done.label", "Done"),
        MissingTranslation("levels.done.meaning", "All done."),
        MissingTranslation("grades.P.meaning", "Pass"),
        MissingTranslation("pillars.p1.title", "First pillar"),
        MissingTranslation("commitments['p1.c1'].title", "Do it"),
        MissingTranslation("commitments['p1.c1'].promise", "They do it."),
    ]


# -- scorecard check --lang ------------------------------------------------------------


def test_check_lang_warns_per_missing_text_and_exits_0(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(example), "--lang", "es"]) == 0
    err = capsys.readouterr().err.splitlines()
    warnings = [line for line in err if line.startswith("warning: ")]
    programme = scorecard.load(example)
    assert len(warnings) == len(missing_translations(programme, "es")) > 0
    assert (
        "warning: translations/es.toml: programme.description: no translation into 'es'; "
        "the report shows 'A fictional U.S.-Mexico programme to bring safe water to ...' "
        "instead: add the translation"
    ) in err
    assert any("1 of 24 quotes have a translation" in line for line in err)


def test_check_lang_strict_fails_on_a_missing_text(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(example), "--lang", "es", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "error: translations/es.toml: programme.description:" in err


def test_check_lang_of_an_unknown_language_exits_1(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(example), "--lang", "fr"]) == 1
    assert "no translation into 'fr'" in capsys.readouterr().err


def test_check_without_lang_is_unchanged(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(example), "--strict"]) == 0
    assert "translation" not in capsys.readouterr().err


# -- Mérida in Spanish -------------------------------------------------------------------


def test_merida_has_no_text_left_to_translate_into_spanish() -> None:
    programme = scorecard.load(MERIDA)
    assert missing_translations(programme, "es") == []
    assert programme.translations["es"].locale == "es-MX"


def test_check_merida_lang_es_strict_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(MERIDA), "--lang", "es", "--strict"]) == 0
    assert "error" not in capsys.readouterr().err


def test_merida_in_spanish_keeps_its_scores_and_translates_its_verdict_quotes() -> None:
    programme = scorecard.load(MERIDA)
    spanish = localise(programme, "es")
    assert spanish.pillar("p1").title == (
        "Afectar la capacidad operativa de la delincuencia organizada"
    )
    assert _scores(score(spanish)) == _scores(score(programme))
    for verdict in spanish.verdicts:
        assert verdict.evidence[0].translation, verdict.scope
    assert [c.quote for _, c in spanish.citations()] == [c.quote for _, c in programme.citations()]


def test_a_translated_quote_is_shown_beside_the_quote_marked_as_a_translation() -> None:
    from scorecard.report.render import render_html

    programme = scorecard.load(MERIDA)
    spanish = localise(programme, "es")
    html = render_html(score(spanish), draws=20)
    verdict = spanish.verdicts[1].evidence[0]
    assert verdict.translation is not None
    marked = (
        f'<span class="q">&ldquo;{verdict.quote}&rdquo;</span><br><span class="q-translation">'
        f'<span class="label">[translation]</span> <i>{verdict.translation}</i></span>'
    )
    assert marked in html
    assert 'class="q-translation"' not in render_html(score(programme), draws=20)


def test_a_bad_locale_is_an_error_of_the_header(example: Path) -> None:
    _write(example, ES.replace('locale = "es-MX"', 'locale = "es_MX"'))
    [line] = _problems(example)
    assert "translation: locale must be a BCP 47 tag such as 'es-MX', not 'es_MX'" in line


def test_an_empty_translation_is_an_error(example: Path) -> None:
    _write(example, ES.replace('label = "México"', 'label = " "'))
    [line] = _problems(example)
    assert "parties.mexico.label: empty: give the translation or leave it out" in line
