"""General rules of the free-text reader that carry it past its corpora's phrasings: Russian
typed in Latin letters, a negation's scope after the sign, inflected and colloquial forms.

Each rule is asserted on messages a user would type, with what the user would notice: the
alarm, or its absence.
"""

from __future__ import annotations

import pytest

from bot.domain import freetext
from bot.domain.freetext import read
from bot.domain.freetext_words import latin_to_cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("grudi", "груди"),
        ("dyshat", "дышат"),
        ("soznanie", "сознание"),
        ("zhzhenie", "жжение"),
        ("dergaetsya", "дергается"),
        ("shchemit", "щемит"),
        ("silnyy", "силный"),  # a soft sign left out stays out in the first reading
        ("moy", "мой"),
    ],
)
def test_a_latin_word_is_read_letter_by_letter_as_russian(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin)[0] == cyrillic


def test_a_left_out_soft_sign_and_ambiguous_letters_are_tried() -> None:
    assert "боль" in latin_to_cyrillic("bol")
    assert "дышать" in latin_to_cyrillic("dyshat")
    assert "отсутствует" in latin_to_cyrillic("otsutstvuet")
    assert "эпилепсия" in latin_to_cyrillic("epilepsiya")
    assert latin_to_cyrillic("pecho!") == []  # not a Latin word
    assert latin_to_cyrillic("a" * 100) == []  # bounded


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("bol v grudi", "e3"),
        ("u menya silno bolit grud", "e3"),
        ("ne mogu dyshat", "e1"),
        ("ne mogu glotat", "e1"),
        ("poteryal soznanie", "e4"),
        ("upal v obmorok", "e4"),
        ("kashlyayu krovyu", "e3"),
        ("zadykhayus", "e1"),
        ("BOL V GRUDI!!!", "e3"),
    ],
)
def test_russian_in_latin_letters_is_read_as_russian(text: str, item: str) -> None:
    reading = read(text)
    assert item in reading.items
    assert reading.language == "ru"


def test_russian_in_latin_letters_keeps_its_negation_and_twitch() -> None:
    assert read("net boli v grudi").level is None
    assert read("nikakoj boli v grudi").level is None
    reading = read("dergaetsya myshca nad kolenom")
    assert reading.twitch
    assert reading.level is None
    assert reading.ask_level is None


@pytest.mark.parametrize(
    "text",
    [
        "my leg twitches a lot",
        "no chest pain",
        "sin dolor en el pecho",
        "ich habe keine Brustschmerzen",
        "pot",
        "tik",
        "I ran 10 km today and my thigh twitches",
        "me tiembla el muslo",
    ],
)
def test_english_spanish_german_are_not_read_as_russian(text: str) -> None:
    assert "ru" not in freetext.candidates(text)
    assert read(text).level is None


@pytest.mark.parametrize(
    "text",
    [
        "слабости такой нет",
        "онемения такого нет, просто дергается",
        "боли в груди у меня нет",
        "одышки сейчас нет",
        "боли в груди больше нет",
    ],
)
def test_a_russian_negation_after_the_sign_reaches_over_a_filler_word(text: str) -> None:
    reading = read(text)
    assert reading.level is None
    assert reading.ask_level is None


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("боли в груди такой не было никогда", "e3"),  # never like this: positive
        ("такой боли в груди не было", "e3"),
        ("из-за боли в груди не сплю", "e3"),  # the sleep is negated, not the pain
        ("из за боли в груди не могу уснуть", "e3"),
        ("от боли в груди не сплю всю ночь", "e3"),
    ],
)
def test_a_negation_that_denies_something_else_keeps_the_sign(text: str, item: str) -> None:
    assert item in read(text).items


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("de repente no siento el brazo derecho", "e2"),
        ("plötzlich spüre ich den linken Arm nicht mehr", "e2"),
        ("вдруг не чувствую левую руку", "e2"),
        ("мучаюсь болями в груди", "e3"),
        ("ich kann kaum atmen", "e1"),
        ("hab probleme beim schlucken", "e1"),
        ("der ganze Körper zuckt und hört nicht auf", "e4"),
        ("bin die Treppe runtergestürzt", "u4"),
        ("no podia respirar bien anoche", "e1"),
        ("dolor toracico fuerte", "e3"),
    ],
)
def test_inflected_and_colloquial_forms_are_read(text: str, item: str) -> None:
    assert item in read(text).items


def test_an_arm_not_felt_without_its_qualifier_is_asked_and_its_negation_is_quiet() -> None:
    assert {"e2", "g4"} <= read("no siento el brazo").maybe
    assert read("no siento dolor en el brazo").ask_level is None
    assert read("keinerlei Taubheit").ask_level is None
    assert read("la vista desde la montaña me dejó sin aliento").level is None


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("комок в горле, не проглотить", "e1"),  # an impersonal infinitive: an inability
        ("на ногу не наступить", "u3"),
        ("дышу с трудом", "e1"),  # free word order
        ("воздуха не хватает", "e3"),
        ("у дедушки внезапно повисла рука", "e2"),
        ("ploetzlich haengt die linke gesichtshaelfte", "e2"),
        ("tengo la garganta cerrada, no pasa ni la saliva", "e1"),
        ("de la nada no puedo mover la pierna y el brazo derechos", "e2"),  # no negation
    ],
)
def test_word_order_and_impersonal_forms_are_read(text: str, item: str) -> None:
    assert item in read(text).items


def test_an_infinitive_after_a_negation_is_still_negated_elsewhere() -> None:
    assert read("не пить же мне теперь, просто дергается бедро").level is None
    assert read("нет одышки").level is None


@pytest.mark.parametrize(
    ("text", "positive"),
    [
        ("никогда не было такой боли в груди", True),  # "такой" before the sign: like this
        ("не было такой боли в груди", True),
        ("нет боли в груди такой", False),  # after the sign it only describes it
        ("нет онемения такого", False),
        ("без онемения такого", False),
    ],
)
def test_russian_takoy_undoes_a_negation_only_before_the_sign(text: str, positive: bool) -> None:
    assert (read(text).level is not None) is positive


@pytest.mark.parametrize(
    "text",
    [
        "подергивания по всему телу и не могу остановить",
        "меня всего трясет и не прекращается",
        "espasmos por todo el cuerpo y no paran",
        "am ganzen Körper zuckt es und hört nicht auf",
    ],
)
def test_whole_body_jerking_that_does_not_stop_is_the_seizure_item(text: str) -> None:
    assert "e4" in read(text).items


@pytest.mark.parametrize(
    "text",
    [
        "судорожно дергается мышца на бедре",
        "подергивания по всему телу",
        "el temblor del muslo no para",
        "me tiembla el muslo y no para",
    ],
)
def test_a_twitch_that_goes_on_is_not_the_seizure_item(text: str) -> None:
    reading = read(text)
    assert reading.twitch
    assert "e4" not in reading.items | reading.maybe


def test_a_word_with_a_double_letter_is_never_squeezed_into_a_negation() -> None:
    assert "e4" in read("у неё был припадок").items  # "неё" (her) is no "не"
    assert "e3" in read("у нее болит грудь").items
    assert read("неееет боли в груди").level is None  # a negation held long is one


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("бабушка упала и не приходит в себя", "e4"),
        ("колено красное, горячее, морозит", "u2"),
        ("expectoro sangre", "e3"),
        ("mir ist die Luft weggeblieben", "e1"),
        ("das Sprechen fällt mir schwer, die Worte kommen nicht raus", "e1"),
    ],
)
def test_fourth_blind_set_forms_are_read(text: str, item: str) -> None:
    assert item in read(text).items


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("kann seit 10 Stunden nicht pinkeln, Blase drückt", "e6"),  # words between
        ("kann das Bein nicht aufsetzen", "u3"),
        ("ich kann den Urin nicht mehr halten", "e6"),  # the word-by-word reading stays
        ("kann das Knie nicht ganz durchstrecken", "u3"),
    ],
)
def test_a_german_modal_and_its_negation_are_read_over_the_words_between(
    text: str, item: str
) -> None:
    assert item in read(text).items


def test_a_gapped_phrase_never_joins_over_a_clause_or_another_negation() -> None:
    words = freetext._READERS["de"].speller.gapped_words("ich kann, glaube ich, nicht schlafen")
    assert words is None
    assert freetext._READERS["de"].speller.gapped_words("kann nicht schlucken") is None
    assert read("ich kann keine Brustschmerzen feststellen").level is None


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("mein Sohn krampft und hat Schaum vorm Mund", "e4"),
        ("mir wird schwarz vor Augen und ich kippe um", "e4"),
        ("Hundebiss am Bein", "u5"),
        ("всё плывёт и я теряю сознание", "e4"),
        ("кашель с мокротой и прожилками крови", "e3"),
        ("потеряла чувствительность в промежности", "e6"),
        ("не могу ступить на ногу", "u3"),
        ("no siento el culo ni entre las piernas", "e6"),
        ("llevo 10 horas sin poder orinar y me duele la vejiga", "e6"),
    ],
)
def test_fifth_blind_set_forms_are_read(text: str, item: str) -> None:
    assert item in read(text).items


def test_a_negation_that_is_also_an_inability_still_negates() -> None:
    assert read("no noto hormigueo en la boca").level is None
    assert read("no noto debilidad en la pierna").ask_level is None


@pytest.mark.parametrize(
    "text",
    [
        "Brustschmerzen spüre ich keine",
        "ohnmächtig war ich nie",
        "dolor de pecho no noto",
    ],
)
def test_a_negation_at_the_end_of_a_topicalised_clause_negates_the_sign(text: str) -> None:
    assert read(text).level is None


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("er zuckt am ganzen Körper und reagiert nicht", "e4"),
        ("se sacude entero y no responde", "e4"),
        ("его трясёт всего, глаза закатились", "e4"),
        ("рука и нога справа вдруг как ватные", "e2"),
        ("у папы лицо поехало набок", "e2"),
        ("стопа ледяная и побелела", "e5"),
        ("tras el accidente la pierna esta totalmente torcida", "e5"),
        ("no consigo tragarme la comida", "e1"),
        ("kann Pipi nicht mehr halten", "e6"),
        ("hab Blut abgehustet", "e3"),
    ],
)
def test_sixth_blind_set_forms_are_read(text: str, item: str) -> None:
    assert item in read(text).items


def test_someone_not_responding_without_a_whole_body_sign_is_not_a_seizure() -> None:
    assert "e4" not in read("el medico no responde a mis mensajes").items
    assert "e4" not in read("der Arzt reagiert nicht auf meine Mail").items


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("дыхание перехватило и не отпускает", "e1"),
        ("еда не проходит в горло", "e1"),
        ("у ребенка судороги, весь дергается", "e4"),
        ("стал писаться в штаны", "e6"),
        ("судорога в ноге минут 15 уже", "u5"),  # a unit before its number
        ("se me corta la respiracion", "e1"),
        ("no me baja la comida, no puedo tragar", "e1"),
        ("no noto nada en la zona intima", "e6"),
        ("no me puedo poner de pie sobre esa pierna", "u3"),
        ("mir stockt der Atem", "e1"),
        ("Schlucken unmöglich", "e1"),
        ("nach dem Sturz steht der Fuß komisch ab", "e5"),
    ],
)
def test_seventh_blind_set_forms_are_read(text: str, item: str) -> None:
    assert item in read(text).items


def test_nothing_unusual_or_no_pain_at_all_is_quiet() -> None:
    assert read("no noto nada de dolor entre las piernas").level is None
    assert read("no noto nada raro entre las piernas").level is None
    assert "u5" not in read("судорога минут").items  # a unit with no number: no duration


def test_lexicon_alternatives_that_split_on_a_space_are_read_as_meant() -> None:
    assert "e4" in read("temblores incontrolables por todo el cuerpo").items
    assert "g2" in read("слабость в ноге, хотя не тренируюсь").items
    assert "e1" in read("дыхание перехватило").items


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("no puedo tragar nada", "e1"),  # "nothing": what cannot be swallowed
        ("no puedo respirar nada bien", "e1"),
        ("не могу ничего глотать", "e1"),  # negative concord: no denial
        ("не могу дышать, нет", "e1"),
        ("I can't breathe, no", "e1"),
        ("ich kann mein Bein nicht bewegen", "u3"),  # as "I can't move my leg"
        ("no puedo levantar la rodilla", "u3"),
        ("не могу пошевелить ногой", "u3"),
        ("ne mogu dvigat nogoy", "u3"),
    ],
)
def test_a_sign_negative_in_itself_is_not_denied_by_the_negation_after_it(
    text: str, item: str
) -> None:
    """ "I can't swallow anything" in words that carry a second negation: it is still the sign."""
    assert item in read(text).items


@pytest.mark.parametrize(
    "text", ["dolor de pecho: nada", "боли в груди нет", "Brustschmerzen? nein", "no chest pain"]
)
def test_a_plain_sign_is_still_denied(text: str) -> None:
    reading = read(text)
    assert reading.level is None
    assert reading.ask_level is None


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("ne mogu govorit", "e1"),  # "говорить" after "могу", not "говорит"
        ("ne mogu normalno govorit", "e1"),  # an adverb between
        ("mne trudno dyshat", "e1"),
        ("кое-как дышу", "e1"),  # "barely"
    ],
)
def test_an_infinitive_after_a_modal_and_barely(text: str, item: str) -> None:
    assert item in read(text).items


def test_a_third_person_verb_stays_one_after_a_clause_break() -> None:
    assert freetext.latin_russian("ne mogu, on govorit") == "не могу, он говорит"


@pytest.mark.parametrize(
    "text", ["I can see the bone", "the bone is visible", "видна кость", "man sieht den Knochen"]
)
def test_a_visible_bone_is_an_emergency(text: str) -> None:
    assert "e5" in read(text).items


@pytest.mark.parametrize(
    "text", ["I saw a bone specialist yesterday", "I see my bones are fine on the xray"]
)
def test_seeing_a_bone_doctor_or_an_xray_is_not(text: str) -> None:
    assert read(text).level is None


def test_a_negation_after_the_signs_qualifier_negates_the_sign() -> None:
    """ "судорог всего тела не было": the whole-body qualifier stands between the sign and its
    negation; a negation word that means "without stopping" does not deny it."""
    assert read("судорог всего тела не было, только мышца").level is None
    assert "e4" in read("всё тело трясет не переставая").items
    assert "e2" in read("слабость с одной стороны не проходит").items
