"""The free-text reader in Spanish, German and Russian (issue 13 "Red flags in every language").

Tables of typed messages (the reader's own cases, not corpus rows) with what the reader must make
of them, in each language; the language of each message is detected from the text itself, and one
language's word never triggers another language's rule.
"""

from __future__ import annotations

import random

import pytest

from bot.domain import freetext, lexicon_de, lexicon_es, lexicon_ru
from bot.domain.freetext import HEAT_ILLNESS, Reading, read
from bot.domain.model import Urgency
from bot.domain.triage import EMERGENCY_ITEMS, GP_ITEMS, SAME_DAY_ITEMS

ALARM = (Urgency.URGENT_TODAY, Urgency.EMERGENCY)
LEXICONS = {"es": lexicon_es, "de": lexicon_de, "ru": lexicon_ru}


def ids(text: str) -> frozenset[str]:
    return frozenset(text.split())


# (text, expected): "now ID.." every id read at once; "ask ID.." every id asked or read, none
# beyond; "neg" nothing at all; "quiet" no alarm; "twitch" no alarm and the twitch recognised.
CASES: dict[str, list[tuple[str, str]]] = {
    "es": [
        ("respiro muy mal desde hace un rato", "now e1"),
        ("no puedo tragar la saliva", "now e1"),
        ("hablo como borracho y no he bebido", "now e1"),
        ("tengo la boca caída de un lado", "now e2"),
        ("a mi padre le dio un ictus", "now e2"),
        ("se me paralizó el brazo derecho", "now e2"),
        ("me duele mucho el pecho", "now e3"),
        ("opresión en el pecho", "now e3"),
        ("estoy tosiendo sangre", "now e3"),
        ("No, tengo dolor en el pecho", "now e3"),
        ("nunca había tenido un dolor de pecho así", "now e3"),
        ("he tenido convulsiones", "now e4"),
        ("me he desmayado", "now e4"),
        ("me he fracturado el tobillo", "now e5"),
        ("tengo la pierna fría y pálida", "now e5"),
        ("me he orinado encima", "now e6"),
        ("no controlo la orina", "now e6"),
        ("hormigueo entre las piernas", "now e6"),
        ("me ha dado un golpe de calor", f"now {HEAT_ILLNESS}"),
        ("tengo una trombosis", "now u1"),
        ("la pantorrilla hinchada, roja y me duele", "now u1"),
        ("rodilla hinchada y tengo fiebre", "now u2"),
        ("no puedo apoyar el pie", "now u3"),
        ("me he caído en la calle", "now u4"),
        ("la rodilla me falla", "now u4"),
        ("calambre que dura ya 15 minutos", "now u5"),
        ("me clavé un clavo oxidado", "now u5"),
        ("orina marrón oscuro y mucha debilidad", "now u6"),
        ("el corazón me late irregular", "now u7"),
        ("hormigueo alrededor de la boca", "now u7"),
        ("tengo taquicardia desde que empecé un antidepresivo nuevo", "now u8"),
        ("llevo todo el día sin orinar", "now u9"),
        ("mucha sed y me mareo al ponerme de pie", "now u9"),
        ("tomo sertralina", "now g5"),
        ("me tiembla también el ojo", "now g1"),
        ("hormigueo en la pierna", "now g4"),
        ("me duele la pantorrilla", "ask u1 g6"),
        ("estoy mareada", "ask u9"),
        ("tengo calambres", "ask u5"),
        ("tengo el muslo dormido", "ask e5 g4"),
        ("no me duele el pecho", "neg"),
        ("sin dificultad para respirar", "neg"),
        ("no tengo fiebre", "neg"),
        ("nunca me he desmayado", "neg"),
        ("no me he caído", "neg"),
        ("estoy constipado desde el lunes", "quiet"),
        ("me muero de risa", "quiet"),
        ("me dio un ataque de risa en clase", "quiet"),
        ("me caigo de sueño", "quiet"),
        ("me cayó genial tu amigo", "quiet"),
        ("me tiembla el muslo derecho", "twitch"),
        ("no para de temblarme la pierna", "twitch"),
        ("tengo fasciculaciones encima de la rodilla", "twitch"),
    ],
    "de": [
        ("ich bekomme schlecht Luft", "now e1"),
        ("ich kann nicht mehr schlucken", "now e1"),
        ("ich rede ganz verwaschen", "now e1"),
        ("mein Mundwinkel hängt runter", "now e2"),
        ("mein Vater hatte einen Schlaganfall", "now e2"),
        ("plötzlich ist meine linke Seite gelähmt", "now e2"),
        ("starke Brustschmerzen seit heute Morgen", "now e3"),
        ("die Brust tut mir so weh", "now e3"),
        ("ich huste Blut seit gestern", "now e3"),
        ("Nein, ich habe Brustschmerzen", "now e3"),
        ("Luftnot beim Sitzen", "now e3"),
        ("ich hatte einen epileptischen Anfall", "now e4"),
        ("bin gestern bewusstlos geworden", "now e4"),
        ("hab mir den Knöchel gebrochen", "now e5"),
        ("das Bein ist kalt und ganz blass", "now e5"),
        ("hab eingenässt", "now e6"),
        ("Kribbeln zwischen den Beinen", "now e6"),
        ("ich hab einen Hitzschlag", f"now {HEAT_ILLNESS}"),
        ("Verdacht auf Thrombose", "now u1"),
        ("Wade geschwollen, rot und schmerzt", "now u1"),
        ("Knie geschwollen und Fieber", "now u2"),
        ("ich kann nicht auftreten", "now u3"),
        ("bin heute gestürzt", "now u4"),
        ("Knie blockiert", "now u4"),
        ("Krampf seit einer halben Stunde", "now u5"),
        ("bin in einen rostigen Nagel getreten", "now u5"),
        ("Urin wie Cola und starke Muskelschmerzen", "now u6"),
        ("mein Herz stolpert", "now u7"),
        ("Kribbeln um den Mund", "now u7"),
        ("neues Medikament und seitdem total verwirrt", "now u8"),
        ("seit 12 Stunden nicht gepinkelt", "now u9"),
        ("Durst ohne Ende und Schwindel beim Aufstehen", "now u9"),
        ("ich nehme Kortison", "now g5"),
        ("zuckt jetzt auch am Augenlid", "now g1"),
        ("Ameisenlaufen im Oberschenkel", "now g4"),
        ("mir tut die Wade weh", "ask u1 g6"),
        ("mir ist schwindelig", "ask u9"),
        ("Wadenkrampf", "ask u5"),
        ("mein Oberschenkel ist taub", "ask e5 g4"),
        ("keine Brustschmerzen", "neg"),
        ("kein Fieber", "neg"),
        ("ich bin nicht ohnmächtig geworden", "neg"),
        ("mein Knie ist nicht geschwollen", "neg"),
        ("das Gesicht hängt nicht", "neg"),
        ("ich bin fit", "quiet"),
        ("das ist kein Notfall", "quiet"),
        ("ich war in der Notaufnahme wegen dem Zucken", "twitch"),
        ("das Konzert hat mir gut gefallen", "quiet"),
        ("Lachanfall beim Essen", "quiet"),
        ("der Oberschenkel zuckt ständig", "twitch"),
        ("es zuckt, aber es tut nicht weh", "twitch"),
        ("Muskelzucken am Knie seit drei Tagen", "twitch"),
    ],
    "ru": [
        ("мне трудно дышать", "now e1"),
        ("не могу глотать", "now e1"),
        ("речь невнятная с утра", "now e1"),
        ("перекосило лицо", "now e2"),
        ("у мамы инсульт", "now e2"),
        ("внезапно онемела правая рука", "now e2"),
        ("сильная боль в груди", "now e3"),
        ("грудь сдавливает", "now e3"),
        ("кашель с кровью", "now e3"),
        ("Нет, болит в груди", "now e3"),
        ("у меня был эпилептический припадок", "now e4"),
        ("я упала в обморок", "now e4"),
        ("кажется перелом лодыжки", "now e5"),
        ("нога холодная и бледная", "now e5"),
        ("обмочилась ночью", "now e6"),
        ("онемела промежность", "now e6"),
        ("похоже на солнечный удар", f"now {HEAT_ILLNESS}"),
        ("подозрение на тромбоз", "now u1"),
        ("икра распухла и болит", "now u1"),
        ("колено опухло и температура 39", "now u2"),
        ("не могу наступить на ногу", "now u3"),
        ("упала на льду", "now u4"),
        ("колено заклинило вчера", "now u4"),
        ("судорога 15 минут не проходит", "now u5"),
        ("наступила на ржавый гвоздь", "now u5"),
        ("моча цвета колы и мышцы сильно болят", "now u6"),
        ("сердце бьётся с перебоями", "now u7"),
        ("покалывание вокруг рта", "now u7"),
        ("поменяли дозу и теперь сильно потею", "now u8"),
        ("не писала с утра", "now u9"),
        ("дикая жажда и голова кружится, когда встаю", "now u9"),
        ("принимаю статины", "now g5"),
        ("дергается веко тоже", "now g1"),
        ("покалывание в икре", "now g4"),
        ("болит икра", "ask u1 g6"),
        ("голова кружится", "ask u9"),
        ("свело икру", "ask u5"),
        ("бедро онемело", "ask e5 g4"),
        ("нет боли в груди", "neg"),
        ("температуры нет", "neg"),
        ("в обморок не падала", "neg"),
        ("колено не опухло", "neg"),
        ("ни одышки, ни боли", "neg"),
        ("отрабатывал удар ногой", "quiet"),
        ("мурашки по коже от холода", "quiet"),
        ("умираю от скуки", "quiet"),
        ("совсем упала духом", "quiet"),
        ("у меня упал телефон", "quiet"),
        ("ой, описалась, я имела в виду правое колено", "quiet"),
        ("мышца над коленом дёргается", "twitch"),
        ("дергается и дергается, не проходит", "twitch"),
        ("ударился ногой, и теперь бедро дергается", "twitch"),
    ],
}


def _check(text: str, expected: str, reading: Reading) -> None:
    kind, *items = expected.split()
    want = frozenset(items)
    if kind == "now":
        assert want <= reading.items, (text, reading)
    elif kind == "ask":
        assert want <= reading.items | reading.maybe, (text, reading)
        assert reading.maybe, (text, reading)
        assert (reading.items | reading.maybe) <= want | {"e2", "u8", "u9"}, (text, reading)
    elif kind == "neg":
        assert (reading.level, reading.ask_level) == (None, None), (text, reading)
    else:
        assert reading.level not in ALARM, (text, reading)
        assert reading.ask_level not in ALARM, (text, reading)
        if kind == "twitch":
            assert reading.twitch, (text, reading)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [(lang, text, expected) for lang, cases in CASES.items() for text, expected in cases],
)
def test_each_language_reads_its_own_words(lang: str, text: str, expected: str) -> None:
    reading = read(text)
    _check(text, expected, reading)
    assert reading.language == lang


@pytest.mark.parametrize("lang", sorted(CASES))
def test_every_red_flag_item_is_read_at_once_in_each_language(lang: str) -> None:
    named = set().union(*(ids(e.split(" ", 1)[1]) for _, e in CASES[lang] if e.startswith("now")))
    assert {i.id for i in (*EMERGENCY_ITEMS, *SAME_DAY_ITEMS)} | {HEAT_ILLNESS} <= named


@pytest.mark.parametrize("lang", sorted(LEXICONS))
def test_each_lexicon_names_every_checklist_item_and_only_those(lang: str) -> None:
    lex = LEXICONS[lang].LEXICON
    known = {i.id for i in (*EMERGENCY_ITEMS, *SAME_DAY_ITEMS, *GP_ITEMS)} | {HEAT_ILLNESS}
    at_once: set[str] = set()
    named: set[str] = set()
    for sign in lex.signs:
        at_once |= sign.items | {i for r in sign.rules for i in r.items}
        named |= sign.items | sign.maybe | {i for r in sign.rules for i in r.items | r.maybe}
    assert named <= known
    assert known <= at_once
    assert lex.language == lang
    assert freetext.LEXICONS[lang] is lex


# --- the language of a message ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I have chest pain", "en"),
        ("tengo dolor en el pecho", "es"),
        ("¿es normal?", "es"),
        ("ich habe Schmerzen in der Brust", "de"),
        ("Knie tut weh", "de"),
        ("у меня болит грудь", "ru"),
        ("НЕ МОГУ ДЫШАТЬ", "ru"),
        ("", "en"),
        ("🦵🦵", "en"),
        ("12345", "en"),
    ],
)
def test_the_language_is_read_from_script_and_vocabulary(text: str, lang: str) -> None:
    assert freetext.detect_language(text) == lang
    assert read(text).language == lang


@pytest.mark.parametrize(
    "text",
    [
        "ich bin fit",  # English "fit" (a seizure) inside German
        "bin fit und gesund, aber das Bein zuckt",
        "das ist kein Notfall",  # German "Not" inside "Notfall"
        "Notaufnahme war voll",
        "in der Not frisst der Teufel Fliegen",
        "estoy constipado",  # Spanish "constipado" is a cold
        "estoy muy constipada y con fiebre",
        "отрабатывал удар по мячу",  # Russian "удар" is a kick here, not a stroke
        "ударился коленом о дверь",
    ],
)
def test_one_languages_word_never_triggers_anothers_rule(text: str) -> None:
    # (a negation is read in its own language: see test_negation_is_read_in_its_language)
    reading = read(text)
    assert not reading.items & {"e2", "e4", "e6"}, reading
    assert not reading.maybe & {"e2", "e4", "e6"}, reading


def test_a_user_whose_stored_language_is_english_typing_spanish_is_read_in_spanish() -> None:
    # The reader never sees the stored language: it reads the text.
    for text, item in [
        ("me duele el pecho", "e3"),
        ("no puedo respirar", "e1"),
        ("me desmayé", "e4"),
    ]:
        reading = read(text)
        assert item in reading.items
        assert reading.language == "es"


def test_english_in_another_script_or_language_is_still_read() -> None:
    assert "e3" in read("у меня chest pain").items  # Cyrillic with English words mixed in
    assert "e3" in read("ich habe chest pain").items  # a learner's English sign words
    assert "e3" in read("yo tengo pain en mi chest").items
    assert read("ich habe chest pain").language == "de"
    assert read("ich habe keine chest pain").level is None  # negated in German: not re-read
    assert read("моя мышца делает twitch").twitch


def test_when_unsure_every_candidate_language_reads_the_message() -> None:
    assert freetext.candidates("Brustschmerzen")[0] == "de"
    assert "e3" in read("Brustschmerzen").items  # a German compound, no function word
    assert "e1" in read("NOTFALL keine Luft").items
    assert "e3" in read("pecho dolor").items  # no function word: Spanish vocabulary decides
    assert "e4" in read("convulsión").items


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("ueber dem Knie zuckt es, und ich krieg keine Luft", "e1"),  # ae/oe/ue for umlauts
        ("Brustschmerzn", "e3"),  # misspelt compound
        ("ich bin ohnmaechtig geworden", "e4"),
        ("всё тело трясло, не могла остановить", "e4"),  # ё and е
        ("все тело трясло, не могла остановить", "e4"),
        ("потерял сознание", "e4"),
        ("патерял сознание", "e4"),  # misspelling
        ("desmaye", "e4"),  # no accent
        ("DOLOR DE PECHO!!!", "e3"),
        ("hinchadísima la rodilla y con fiebre", "u2"),  # a suffix read by its stem
        ("calambre desde hace media hora", "u5"),
        ("Krampf seit ner Stunde", "u5"),
        ("судорога уже полчаса", "u5"),
    ],
)
def test_spelling_case_and_inflection(text: str, items: str) -> None:
    assert ids(items) <= read(text).items


@pytest.mark.parametrize("lang", sorted(LEXICONS))
def test_random_mixes_of_lexicon_words_read_without_an_internal_error(lang: str) -> None:
    reader = freetext._READERS[lang]  # read() swallows errors: call the reader itself
    words = [*sorted(reader.vocabulary), "20", "9" * 400, "0,5", "😀", ",", ".", "?", "-"]
    words += [p + "x" for p in reader.prefixes]
    rng = random.Random(13)  # noqa: S311 - a fixed seed for a repeatable test
    for _ in range(2000):
        reader.read(" ".join(rng.choice(words) for _ in range(rng.randint(0, 40))))


@pytest.mark.parametrize(
    "text",
    ["", "нет " * 300_000, "no " * 300_000, "nicht " * 300_000, "zucken " * 200_000, "ё" * 10**6],
)
def test_any_text_in_any_language_gives_a_reading_in_bounded_time(text: str) -> None:
    assert read(text).level is None


# More everyday phrasings, each naming an item with its qualifier (read at once).
PHRASINGS = [
    ("es", "me falta la respiración", "e3"),
    ("es", "tengo dificultad para hablar", "e1"),
    ("es", "se me durmió la mitad de la cara", "e2"),
    ("es", "me aprieta el pecho", "e3"),
    ("es", "pinchazos en el pecho", "e3"),
    ("es", "escupo sangre", "e3"),
    ("es", "me he quedado inconsciente", "e4"),
    ("es", "me dio un sincope", "e4"),
    ("es", "se me ha salido la rótula", "e5"),
    ("es", "tengo el pie azul", "e5"),
    ("es", "no controlo el pis", "e6"),
    ("es", "me he hecho pipí encima", "e6"),
    ("es", "perdí el control de esfínteres", "e6"),
    ("es", "tengo la pierna hinchada y caliente", "u1"),
    ("es", "tengo una flebitis", "u1"),
    ("es", "me he torcido la rodilla y no puedo apoyar", "u3"),
    ("es", "tropecé y me caí", "u4"),
    ("es", "tengo un calambre desde hace una hora", "u5"),
    ("es", "me mordió un perro en la pierna", "u5"),
    ("es", "pis oscuro como coca-cola y dolor muscular", "u6"),
    ("es", "palpitaciones muy fuertes", "u7"),
    ("es", "hormigueo en la boca y calambres en las manos", "u7"),
    ("es", "tengo mucha sed y estoy mareado", "u9"),
    ("es", "hace 10 horas que no orino", "u9"),
    ("es", "me duele el pecho al respirar", "e3"),
    ("es", "no puedo mover el brazo izquierdo", "e2"),
    ("es", "dolor de pecho que se va al brazo", "e3"),
    ("de", "Luft bleibt weg", "e1"),
    ("de", "schwer Luft zu bekommen", "e1"),
    ("de", "Sprachstörung seit heute", "e1"),
    ("de", "Taubheit im linken Arm", "e2"),
    ("de", "Druckgefühl in der Brust", "e3"),
    ("de", "Blut gehustet", "e3"),
    ("de", "Kreislaufkollaps", "e4"),
    ("de", "Kniescheibe rausgesprungen", "e5"),
    ("de", "ich verliere Urin", "e6"),
    ("de", "Beinvenenthrombose", "u1"),
    ("de", "Wade dick und heiß", "u1"),
    ("de", "Knie lässt sich nicht strecken", "u3"),
    ("de", "bin ausgerutscht und hingefallen", "u4"),
    ("de", "Knie ist weggeknickt", "u4"),
    ("de", "Krampf hört nicht auf", "u5"),
    ("de", "Hund hat mich ins Bein gebissen", "u5"),
    ("de", "cola-farbener Urin und Muskelschmerzen", "u6"),
    ("de", "Taubheitsgefühl um den Mund", "u7"),
    ("de", "seit dem neuen Antidepressivum schwitze ich stark", "u8"),
    ("de", "seit heute morgen nicht auf Toilette gewesen", "u9"),
    ("de", "mir wird schwarz vor Augen beim Aufstehen", "u9"),
    ("de", "ich habe Atemnot", "e3"),
    ("de", "mir ist die ganze Zeit schwindelig und ich hab Durst", "u9"),
    ("de", "Schmerzen in der Brust beim Atmen", "e3"),
    ("de", "ich kann meinen Arm nicht mehr bewegen", "e2"),
    ("ru", "трудно говорить", "e1"),
    ("ru", "онемела половина лица", "e2"),
    ("ru", "жгучая боль в груди", "e3"),
    ("ru", "колет в сердце", "e3"),
    ("ru", "сердечный приступ", "e3"),
    ("ru", "потерял сознание на пару секунд", "e4"),
    ("ru", "судороги всем телом", "e4"),
    ("ru", "сломала лодыжку", "e5"),
    ("ru", "нога ледяная и синяя", "e5"),
    ("ru", "недержание мочи", "e6"),
    ("ru", "не могу удержать мочу", "e6"),
    ("ru", "икра отекла, красная", "u1"),
    ("ru", "колено горячее и распухло, знобит", "u2"),
    ("ru", "не могу встать на ногу", "u3"),
    ("ru", "колено подвернулось", "u4"),
    ("ru", "судорога больше 10 минут", "u5"),
    ("ru", "укусила собака за ногу", "u5"),
    ("ru", "моча как кола и мышцы болят", "u6"),
    ("ru", "не мочился весь день", "u9"),
    ("ru", "покалывание губ", "u7"),
    ("ru", "задыхаюсь при ходьбе", "e1"),
    ("ru", "не могу пошевелить рукой", "e2"),
    ("ru", "давящая боль за грудиной", "e3"),
    # doubt, someone else, learners, misspellings
    ("es", "no estoy seguro pero creo que tengo dolor de pecho", "e3"),
    ("es", "no sé, me duele el pecho", "e3"),
    ("es", "mi abuela se ha desmayado", "e4"),
    ("es", "mi hermano tiene convulsiones", "e4"),
    ("es", "mi pierna es muy fría y blanca", "e5"),
    ("es", "yo tengo sangre cuando toso", "e3"),
    ("es", "dolor de pexo", "e3"),
    ("es", "me desmalle en el metro", "e4"),
    ("es", "tengo kalambre desde hace 20 minutos", "u5"),
    ("es", "tengo la rodilla hinchá y con fiebre", "u2"),
    ("es", "tengo la cara dormida", "e2"),
    ("es", "no puedo levantar el brazo", "e2"),
    ("es", "se me nubla la vista y me mareo al levantarme", "u9"),
    ("es", "tengo la rodilla roja y caliente y tiritona", "u2"),
    ("es", "la herida tiene pus", "u5"),
    ("es", "no sé si es normal pero se me ha hinchado mucho la rodilla y tengo fiebre", "u2"),
    ("es", "nunca había sentido esta presión en el pecho", "e3"),
    ("de", "nicht sicher, aber ich glaube ich hab Brustschmerzen", "e3"),
    ("de", "keine Ahnung, aber mir tut die Brust weh", "e3"),
    ("de", "mein Opa hat einen Schlaganfall", "e2"),
    ("de", "Ich habe Schmerz in meine Brust", "e3"),
    ("de", "Ich kann nicht atmen gut", "e1"),
    ("de", "mein Bein ist kalt und weiss", "e5"),
    ("de", "Ich habe ein Krampf für 20 Minuten", "u5"),
    ("de", "Brustschmertzen", "e3"),
    ("de", "Schlaganfal", "e2"),
    ("de", "Krampfanfal", "e4"),
    ("de", "ich bin ohnmächtich geworden", "e4"),
    ("de", "ich hab seit gestern nicht mehr gepinkelt", "u9"),
    ("de", "noch nie solche Brustschmerzen gehabt", "e3"),
    ("de", "Nein, ich kriege keine Luft", "e1"),
    ("ru", "не уверен, но кажется болит грудь", "e3"),
    ("ru", "не знаю, давит в груди", "e3"),
    ("ru", "у бабушки инсульт", "e2"),
    ("ru", "муж потерял сознание", "e4"),
    ("ru", "у меня есть боль в моя грудь", "e3"),
    ("ru", "моя нога очень холодный и белый", "e5"),
    ("ru", "инсулт", "e2"),
    ("ru", "упал в обморк", "e4"),
    ("ru", "потерял сознане", "e4"),
    ("ru", "не писаю с утра", "u9"),
    ("ru", "отёк ноги и покраснение, болит", "u1"),
    ("ru", "никогда не было такой боли в груди", "e3"),
    # emergency items in more words
    ("es", "tengo medio cuerpo dormido", "e2"),
    ("es", "se me ha torcido la boca", "e2"),
    ("es", "siento un peso en el pecho", "e3"),
    ("es", "me he desvanecido", "e4"),
    ("es", "me dio un soponcio", "e4"),
    ("es", "me he roto el tobillo", "e5"),
    ("es", "se me ha dislocado la rodilla", "e5"),
    ("es", "noto la zona genital dormida", "e6"),
    ("es", "se me escapa la caca", "e6"),
    ("de", "Erstickungsanfall", "e1"),
    ("de", "Gesichtshälfte hängt", "e2"),
    ("de", "Brustenge seit heute", "e3"),
    ("de", "Stiche in der Brust", "e3"),
    ("de", "Ohnmachtsanfall", "e4"),
    ("de", "Knie ausgekugelt", "e5"),
    ("de", "offener Bruch am Unterschenkel", "e5"),
    ("de", "kann den Stuhlgang nicht halten", "e6"),
    ("de", "Taubheit im Intimbereich", "e6"),
    ("ru", "был приступ судорог", "e4"),
    ("ru", "открытый перелом", "e5"),
    ("ru", "онемение в паху", "e6"),
    ("ru", "обкакался", "e6"),
    ("ru", "тяжесть в груди", "e3"),
    ("ru", "не могу сглотнуть", "e1"),
]


@pytest.mark.parametrize(("lang", "text", "item"), PHRASINGS)
def test_more_phrasings_are_read_at_once(lang: str, text: str, item: str) -> None:
    reading = read(text)
    assert item in reading.items, reading
    assert reading.language == lang


# Negations in scope and everyday twitch descriptions in more words.
NEGATED = [
    ("es", "no tengo dolor de pecho"),
    ("es", "no me cuesta respirar"),
    ("es", "no he tenido convulsiones"),
    ("es", "no tengo la pierna hinchada ni roja"),
    ("es", "no hay sangre en la orina"),
    ("es", "no estoy confundido"),
    ("es", "nada de fiebre"),
    ("es", "no se me duerme la pierna"),
    ("es", "no tengo calambres"),
    ("es", "no me he caído nunca"),
    ("es", "no noto hormigueo"),
    ("es", "no me falta el aire"),
    ("es", "no tengo ni fiebre ni escalofríos"),
    ("es", "sin hormigueo ni adormecimiento"),
    ("de", "ich habe keine Atemnot"),
    ("de", "keine Krämpfe"),
    ("de", "nicht geschwollen und nicht rot"),
    ("de", "kein Kribbeln"),
    ("de", "ich bin nicht gestürzt"),
    ("de", "keine Taubheit"),
    ("de", "mir ist nicht schwindlig"),
    ("de", "keine Schmerzen"),
    ("de", "ich nehme keine Tabletten"),
    ("de", "Bein nicht taub"),
    ("de", "weder Fieber noch Schüttelfrost"),
    ("de", "ich bin nicht umgekippt"),
    ("de", "nie ohnmächtig gewesen"),
    ("ru", "не задыхаюсь"),
    ("ru", "нет судорог"),
    ("ru", "не падал"),
    ("ru", "онемения нет"),
    ("ru", "голова не кружится"),
    ("ru", "нет температуры и озноба"),
    ("ru", "не опухло и не красное"),
    ("ru", "не принимаю лекарства"),
    ("ru", "нет покалывания"),
    ("ru", "сознание не терял"),
    ("ru", "в груди ничего не болит"),
    ("ru", "без температуры"),
]
TWITCHES = [
    ("es", "me tiembla el párpado y la pierna"),
    ("es", "tengo un tic en la rodilla desde hace 3 días"),
    ("es", "noto pequeños saltos en el muslo cuando descanso"),
    ("es", "el músculo me vibra"),
    ("es", "temblor en el cuádriceps después de correr"),
    ("es", "me tiembla la pierna todo el rato"),
    ("es", "me tiembla sin parar el muslo"),
    ("es", "el muslo me tiembla cuando estoy sentado"),
    ("de", "Oberschenkel zuckt seit einer Woche"),
    ("de", "Muskel vibriert über dem Knie"),
    ("de", "es zuckt im Quadrizeps nach dem Training"),
    ("de", "nerviges Zucken am Bein"),
    ("de", "zuckt immer wenn ich sitze"),
    ("de", "das Bein zuckt ununterbrochen"),
    ("de", "Zucken hört einfach nicht auf"),
    ("ru", "мышца подрагивает над коленом"),
    ("ru", "бедро вибрирует"),
    ("ru", "нога дергается после тренировки"),
    ("ru", "дёргается квадрицепс уже неделю"),
    ("ru", "тик в бедре"),
    ("ru", "нога постоянно дергается"),
    ("ru", "дергается без остановки"),
    ("ru", "бедро дергается больше, чем вчера"),
    ("es", "sin dolor, me tiembla el muslo"),
    ("es", "no me duele, fasciculaciones en la pierna"),
    ("de", "an beiden Beinen, es zuckt im Quadrizeps"),
    ("ru", "бедро дергается не болит"),
    ("ru", "не болит, дергается квадрицепс"),
]


@pytest.mark.parametrize(("lang", "text"), NEGATED)
def test_more_negations_in_scope_name_nothing(lang: str, text: str) -> None:
    reading = read(text)
    assert (reading.level, reading.ask_level) == (None, None), reading
    assert reading.language == lang


@pytest.mark.parametrize(("lang", "text"), TWITCHES)
def test_more_twitch_descriptions_are_the_twitch_and_no_alarm(lang: str, text: str) -> None:
    reading = read(text)
    assert reading.twitch, reading
    assert reading.level not in ALARM, reading
    assert reading.ask_level not in ALARM, reading
    assert reading.language == lang


@pytest.mark.parametrize(
    "text",
    ["no palpitations", "no he tenido convulsiones", "keine Palpitationen", "no dolor de pecho"],
)
def test_negation_is_read_in_its_language(text: str) -> None:
    # A message is not read by a lexicon that would miss its negation (English "no" is not German).
    reading = read(text)
    assert (reading.level, reading.ask_level) == (None, None), reading


# A sign without its qualifier (asked about, or read) and see-a-GP words, in more words.
ASKED = [
    ("es", "me duele la rodilla", "u1 g6"),
    ("es", "estoy confusa", "e2"),
    ("es", "tengo la pierna entumecida", "e5 g4"),
    ("es", "siento el corazón acelerado", "u7"),
    ("es", "tengo una herida en la pierna", "u5"),
    ("es", "tomo anticonceptivos", "g5"),
    ("es", "la pierna rígida sin hacer deporte", "g2"),
    ("es", "el muslo está más delgado", "g3"),
    ("de", "Knie dick", "u2"),
    ("de", "Herzklopfen", "u7"),
    ("de", "Wunde am Bein", "u5"),
    ("de", "nehme die Pille", "g5"),
    ("de", "steifes Bein ohne Sport", "g2"),
    ("de", "zuckt auch im Gesicht", "g1"),
    ("ru", "путаюсь в мыслях", "e2"),
    ("ru", "ногу сводит", "u5"),
    ("ru", "колено болит", "u1 g6"),
    ("ru", "ранка на ноге", "u5"),
    ("ru", "пью гормоны", "g5"),
    ("ru", "нога скованная без спорта", "g2"),
    ("ru", "тоже дергается рука", "g1"),
]


@pytest.mark.parametrize(("lang", "text", "items"), ASKED)
def test_more_signs_are_asked_about_or_read(lang: str, text: str, items: str) -> None:
    reading = read(text)
    assert ids(items) <= reading.items | reading.maybe, reading
    assert reading.language == lang
