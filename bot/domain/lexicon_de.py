"""German lexicon of the free-text reader: data only (syntax in ``lexicon.py``).

The same items and rules as ``lexicon_en``, in the words German speakers type. Umlauts typed as
"ae/oe/ue" and "ß" as "ss" read as the letters ("ueber" is "über"); compounds are split at a
known head ("Brustschmerzen" -> "brust schmerzen", "Wadenkrampf" -> "waden krampf",
"Atemnot" -> "atem not"); "kann nicht" is one word (``kannnicht``) so that the "nicht" of an
inability is the sign, not a negation; "nicht" after a sign negates it ("Gesicht hängt nicht").
Traps: "Not" only as "Atemnot"/"Luftnot" ("Notfall", "Notaufnahme" are no sign); English "fit"
means nothing here; "gefallen" (liked), "aufgefallen" (noticed), "Schlag ins Wasser",
"Lachanfall" are no sign.
"""

from __future__ import annotations

from typing import Final

from bot.domain import thresholds as t
from bot.domain.lexicon import HEAT_ILLNESS, Lexicon, Negation, sign, when


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PAIN: Final = "schmerz*|stiche|stich|weh|tut|stechen|sticht|brennt|brennen|druck|drückt|eng|enge"

CLASSES: Final = {
    "PAIN": _words(
        "schmerz schmerzen schmerzt schmerzhaft schmerzhafte schmerzhafter schmerzhaften "
        "schmerzende schmerzender schmerzenden schmerzendes weh tut stechen sticht "
        "stechende brennt brennen brennende druck drückt drückend engegefühl ziehen zieht"
    ),
    "CHEST": _words("brust brustkorb brustbein thorax chest"),
    "LEG": _words(
        "bein beine beinen beins oberschenkel oberschenkels oberschenkelmuskel wade waden "
        "unterschenkel knie knies kniescheibe quadrizeps fuß füße fuss füsse zeh zehen "
        "knöchel sprunggelenk muskel muskeln schienbein wadenbein ferse hüfte haxn haxen wadl"
    ),
    "LOWER": _words(
        "bein beine beinen fuß füße fuss füsse zeh zehen knöchel wade waden unterschenkel "
        "oberschenkel knie kniescheibe sprunggelenk schienbein wadenbein ferse "
        "oberschenkelknochen hüfte"
    ),
    "THIGHCALF": _words(
        "oberschenkel oberschenkels wade waden unterschenkel bein beine beinen quadrizeps "
        "haxn haxen wadl"
    ),
    "KNEE": _words("knie knies kniescheibe kniegelenk"),
    "ARM": _words("arm arme armen hand hände"),
    "SWOLLEN": _words(
        "geschwollen geschwollene angeschwollen schwellung dick dicker dicke dickes groß "
        "größer grosser gross aufgebläht aufgequollen geschwollenes geschwollenen "
        "geschwollener angeschwollene angeschwollenes angeschwollenen aufgeschwollen verdickt "
        "ballon"
    ),
    "REDHOT": _words(
        "rot rote roter gerötet rötung heiß heisse heiße heißer warm warme überwärmt "
        "entzündet dunkel dunkler blau lila"
    ),
    "FEVER": _words(
        "fieber fiebrig schüttelfrost frösteln fröstelt temperatur frost fiebere fiebert "
        "fieberig schüttelfrostig friere"
    ),
    "URINE": _words("urin pipi pisse harn"),
    "HEART": _words("herz herzschlag puls"),
    "MED": _words(
        "medikament medikamente medikamenten medikaments medizin tabletten tablette pille "
        "pillen statin statine statinen wassertabletten diuretikum diuretika cortison "
        "kortison prednisolon salbutamol inhalator asthmaspray antidepressivum antidepressiva "
        "ssri hormone hormonen lithium tramadol betablocker antibiotikum antibiotika dosis"
    ),
    "CHANGE": _words(
        "neu neue neues neuen neuer angefangen begonnen umgestellt gewechselt erhöht "
        "geändert abgesetzt gesteigert"
    ),
    "WOUND": _words(
        "gebissen wunde wunden schnitt schnittwunde kratzer biss bisswunde schürfwunde platzwunde"
    ),
    "WEAK": _words("schwach schwache schwacher schwaches schwäche kraftlos lahm schlapp"),
    "STIFF": _words("steif steife steifer steifes steifen steifheit versteift starr"),
    "NUMB": _words(
        "taubheitsgefühl taub taube tauber taubes taubem tauben taubheit taubheitsgefühle "
        "gefühllos eingeschlafen eingeschlafenes pelzig pelziges"
    ),
}

QUALIFIERS: Final = {
    "SUDDEN": ("plötzlich|schlagartig|urplötzlich|abrupt", "auf einmal", "aus dem nichts"),
    "ONE_SIDE": (
        "linke|linker|linken|linkes|rechte|rechter|rechten|rechtes|seite|hälfte|"
        "körperhälfte|körperseite|gesichtshälfte|gesichtsseite|halbseitig",
    ),
    "FACE": ("gesicht|gesichtshälfte|gesichtsseite|mund|mundwinkel|lächeln|augenlid|wange",),
    "MOUTH": ("mund|lippen|lippe|mundwinkel",),
    "FINGERS": ("finger|fingern|hände|hand",),
    "SADDLE": (
        "zwischen den beinen",
        "schritt|intimbereich|genitalbereich|genitalien|damm|after|gesäß|po|hintern|"
        "reithose|reithosen|penis|hoden|hodensack|scheide|vagina|schamlippen|anus",
        "untenrum",
        "abwischen|abputzen|klopapier",
    ),
    "LEGS": ("@LEG",),
    "ARMS": ("@ARM",),
    "INJURY": (
        "sturz|gestürzt|hingefallen|gefallen|unfall|foul|zusammenstoß|verletzt|verletzung|"
        "umgeknickt|umknick*|verdreht|verdreh*|tritt|getreten|aufprall|ausgerutscht|zweikampf|"
        "grätsche|gefoult|stürz*|hinfall*|verletz*|"
        "kollision|zusammengeprallt|zusammenprall|landung|gelandet|skiunfall|radunfall",
    ),
    "WHOLE_BODY": ("ganzer|ganze|ganzen körper", "am ganzen körper", "überall"),
    "LONG_CRAMP": (
        "#CRAMP+",
        "geht|gehen .. nicht weg",
        "löst sich nicht",
        "hört nicht auf",
        "stunden",
        "ganze nacht",
    ),
    "SHORT": (
        "#CRAMP-",
        "sekunden",
        "kurz|kurzer|kleiner|leicht|leichter",
        "ging|geht wieder? weg",
    ),
    "NO_URINE_LONG": (
        "#NO_URINE+",
        "seit gestern|heute",
        "heute noch",
        "schon abend|nachmittag",
        "den ganzen tag",
        "stunden",
    ),
    "STANDING": ("aufstehen|aufstehe|aufstehn|stehe|aufgestanden|hinstellen", "beim stehen"),
    "THIRST": ("durst|durstig|dehydriert|ausgetrocknet",),
    "FEVER": ("@FEVER|fieber*",),
    "DIRTY": (
        "dreckig|dreckige|dreckigen|schmutzig|schmutzige|erde|rostig|rostigen|rostiger|nagel|"
        "eiter|eitert|entzündet|infiziert|gartenarbeit|garten|hundebiss|dreck|hund|katze|tier|"
        "gartenerde|blumenerde|erdig|sand|rost|mist|kot|stacheldraht|splitter|dreckig*|schmutz*|"
        "verdreck*|verschmutz*",
    ),
    "MEDICINE": (
        "@CHANGE .. @MED",
        "@MED .. @CHANGE",
        "seit|nach dem|der? neuen|neue|neues @MED",
        "seit|nach dem|der? @CHANGE",
        "dosiserhöhung|dosisänderung|dosissteigerung|medikamentenwechsel|umstellung|"
        "medikamentenumstellung",
        "höhere|neue|neuen|andere|anderen dosis",
        "dosis .. erhöht|geändert|gesteigert|umgestellt|verdoppelt",
    ),
    "SPASMS": ("krampf|krämpfe|krampfen|verkrampfen|verkrampft|zucken|zuckt|spasmen",),
    "SWELLING": ("@SWOLLEN",),
    "REDHOT_Q": ("@REDHOT",),
    "PAIN_Q": ("@PAIN",),
    "EXERTION": (
        "dem|beim|vom|im|nach joggen|laufen|training|sport|fußball|fussball|radfahren|"
        "fitnessstudio|krafttraining|wandern|gym",
        "muskelkater",
        "trainiert",
    ),
    "NOT_EXERTION": (
        "ohne sport|training|belastung",
        "nicht wie|vom muskelkater",
        "kein|keinen muskelkater|sport|training",
        "ruhetag|ruhetagen|ruhetage",
        "in ruhe",
        "obwohl|ohne .. kein|keinen|nicht sport|training|trainiert",
        "an tagen ohne",
    ),
    "SETTLED": ("wieder weg", "aufgehört|verschwunden", "nicht mehr"),
    "ELSEWHERE": (
        "anderes|andere|anderen bein|knie|seite|oberschenkel|wade",
        "arm|arme|hand|hände|gesicht|auge|augen|augenlid|lid|lippe|schulter|rücken|nacken|"
        "bauch|zunge|wange",
        "überall",
        "am ganzen körper",
    ),
    "BODY_PART": ("arm|arme|hand|gesicht|auge|augenlid|lid|lippe|schulter|rücken|nacken",),
    "SLEEP": ("nacht|nachts|nächte|schlafen|schlaf|einschlafen|wecken|weckt|aufwachen|wach",),
    "PLACE": ("@LEG", "über|überm|unter|am|ums? knie", "haut"),
    "COLOUR": ("blau|bläulich|weiß|weiss|blass|bleich|marmoriert|lila|grau",),
    "CLOT_RISK": (
        "flug|langstreckenflug|fliegen|op|operation|schwanger|schwangerschaft|gips|"
        "bettruhe|pille|reise|autofahrt|busfahrt|zugfahrt|fahrt|hormone|hormontherapie",
    ),
    "MILD": ("bisschen|leicht|etwas",),
    "PATCH": ("stelle|fleck|bereich|streifen",),
    "USUAL": ("immer|oft|winter|draußen|kalt|durchblutung",),
    "COLD": ("kalt|eiskalt|kälter|eisig",),
    "CLEAN": ("sauber|desinfiziert|verheilt|heilt",),
    "PAST": ("gestern|früher|vorhin|manchmal",),
    "VISIBLE": ("sieht|sehe|sehen|fühlt|fühlbar|sichtbar",),
    "PERSIST": ("ständig|dauernd|immer wieder", "hört nicht auf", "von selbst|allein|alleine"),
    "CAN_T_STOP": (
        "nicht stoppen|aufhören|kontrollieren|anhalten",
        "hört|hören|hörte .. nicht|nie auf",
        "kannnicht stoppen|aufhören|kontrollieren",
        "unkontrolliert|unkontrollierbar",
    ),
    "YELLOW": ("gelb|hellgelb|orange",),
    "THIGHCALF_Q": ("@THIGHCALF",),
    "HEART_Q": ("@HEART",),
    "MUSCLE_BAD": (
        "@WEAK|kraftlos|schlapp",
        "muskelschmerz*|gliederschmerz*",
        "muskel*|beine|glieder|@THIGHCALF .. schmerz*|weh|schwach|kaputt",
    ),
    "FALLDOWN": (
        "umgefallen|umgekippt|hingefallen|gestürzt|zusammengebrochen|weggekippt|boden",
        "kippe|kippt|kippte|falle|fällt|fiel|klappe|klappt|klappte .. um|zusammen|weg",
    ),
    "BLADDER_NAMED": ("blase|harndrang|pinkeln|pipi|klo|toilette|urin|wasserlassen",),
    "BLADDER_Q": ("blase|harndrang|stuhldrang|pinkeln|klo|toilette|urin|stuhl|stuhlgang|muss",),
}

SIGNS: Final = (
    sign(
        "heat illness",
        "hitzschlag|hitzeschlag|sonnenstich|hitzekollaps|hitzeerschöpfung|hitzeschaden",
        "hitze stich|schlag",
        items=HEAT_ILLNESS,
        claims=True,
    ),
    # ---- e1 ----
    sign(
        "can't breathe",
        "kannnicht|kannkaum .. atmen|durchatmen",
        "kannnicht|kannkaum .. luft holen|kriegen|bekommen",
        "probleme|schwierigkeiten|mühe beim|mit dem? atmen",
        "ringe|ringt|ringen|japse|japst|japsen|schnappe|schnappt nach luft",
        "atem .. stockt|stockte|weg|aus",
        "stockt|stockte .. atem",
        "atmen|schlucken unmöglich",
        "unmöglich zu? atmen|schlucken",
        "krieg|kriege|kriegen|bekomme|bekomm|bekommt|kriegt .. keine|kaum|schlecht|wenig luft",
        "keine|kaum luft",
        "luft bleibt|geht|ist weg",
        "bleibt|bleib|geht mir? die? luft weg|aus",
        "luft bleibt|geht|ist .. weg|aus",
        "luft .. weggeblieben|ausgeblieben|wegbleibt",
        "schwer|kaum .. luft",
        "sprachstörung|sprachstörungen",
        "atmen .. schwer|kaum|schlecht|mühsam",
        "atmen geht|klappt|funktioniert .. nicht|kaum|schlecht",
        "schwer|kaum|schlecht|mühsam atmen",
        "atme|atmet|atmete .. schwer|kaum|schlecht|mühsam",
        "atemprobleme|atembeschwerden|atemnot|ersticke|ersticken|erstickungsgefühl|röchel*|röchle",
        "erstickungsanfall|erstickungsanfälle",
        "hals|kehle .. zu|eng|zugeschnürt|schwillt",
        "schnürt|schnürte .. hals|kehle|luft .. zu|ab",
        items="e1",
        rules=(when("SUDDEN", items="e1 e3"),),
    ),
    sign(
        "can't swallow",
        "kannnicht .. schlucken",
        "kannkaum noch|mehr? schlucken",
        "probleme|schwierigkeiten|mühe beim|mit dem? schlucken",
        "schluck* .. kaum|schwer|weh",
        "schluck* geht|klappt|funktioniert .. nicht|kaum|schlecht",
        "schluckbeschwerden|schluckstörung",
        "bekomme|bekomm|krieg|kriege|kriegt|bekommt|bringe .. nicht|kaum|nichts runter",
        "bleibt|steckt|stecken|bleiben .. hals|halse|rachen",
        items="e1",
    ),
    sign(
        "slurred speech",
        "lalle|lallen|lallt|nuschel*",
        "undeutlich|verwaschen|verwaschene|lallend",
        "sprache .. komisch|undeutlich|verwaschen|seltsam|weg",
        "rede|spreche|redet|spricht .. betrunken|komisch|undeutlich",
        "wörter .. fehlen|finde|durcheinander",
        "kannnicht .. sprechen|reden",
        "sprechen|reden .. fällt|fällt mir? schwer",
        "worte|wörter .. kommen|kommt nicht? raus|heraus",
        "kann .. nicht|kaum mehr? sprechen|reden",
        "zunge .. schwer|taub|gelähmt",
        items="e1",
        rules=(when("SUDDEN", items="e1 e2"),),
    ),
    # ---- e2 ----
    sign(
        "stroke",
        "schlaganfall|schlaganfalls|hirninfarkt|hirnblutung|apoplex|tia|gehirnschlag",
        "schlag getroffen",
        items="e2",
    ),
    sign(
        "face drooping",
        "gesicht|gesichtshälfte|mund|mundwinkel|lächeln|augenlid .. hängt|hängend|hängen|"
        "schief|gelähmt|runter|herunter|verzogen|fällt|sackt|rutscht",
        "schief* .. gesicht|mund",
        "hängt|hängen|hängende|hängender|schiefe|schiefer|schiefes .. gesicht|mundwinkel|mund|"
        "augenlid|lächeln|gesichtshälfte|gesichtsseite",
        "gesichtslähmung|fazialisparese",
        "gesichtshälfte|gesichtsseite .. hängt|hängend|schief|gelähmt|taub|schlaff",
        "gesicht|mund|mundwinkel .. seite hängt|hängend|schief|gelähmt|taub|schlaff|runter",
        items="e2",
    ),
    sign(
        "one-sided weakness",
        "keine kraft .. hälfte|körperhälfte|seite|arm",
        "körperhälfte",
        "halbseitig|halbseitige",
        "@WEAK|@NUMB|gelähmt .. seite|hälfte",
        "lähmung|gelähmt|lähmungen",
        "arm .. gehorcht nicht|lässt sich nicht",
        "@ARM nicht mehr? bewegen|heben|bewegt",
        items="e2",
    ),
    sign(
        "weak arm",
        "@ARM .. @WEAK|schwer",
        maybe="e2",
        rules=(when("SUDDEN ONE_SIDE", items="e2"),),
    ),
    sign(
        "confused",
        "verwirrt|verwirrung|durcheinander|desorientiert|orientierungslos",
        "weiß nicht wo ich bin",
        "wirr*|unsinn|blödsinn|kauderwelsch",
        maybe="e2 u8",
        rules=(when("SUDDEN", items="e2"), when("MEDICINE", items="u8")),
    ),
    # ---- e3 ----
    sign(
        "chest pain",
        f"@CHEST .. {PAIN}|engegefühl|druckgefühl",
        f"{PAIN}|engegefühl|druckgefühl .. @CHEST",
        "herzinfarkt|infarkt|herzanfall|angina|herzschmerzen|brustenge|brustdruck",
        "herz .. schmerz*|weh|sticht",
        "elefant .. brust",
        "schraubstock|ring|band|reifen|gürtel|stein|zange .. brust|brustkorb",
        "brust|brustkorb .. schraubstock|zange|eingeschnürt|zugeschnürt",
        items="e3",
    ),
    sign(
        "short of breath",
        "atem|luft not",
        "luftnot|kurzatmig|kurzatmigkeit|atemlos",
        "außer atem",
        items="e3",
        calm="EXERTION",
    ),
    sign(
        "coughing blood",
        "huste|husten|hustet|gehustet .. blut|blutig",
        "blut .. husten|hustet|gehustet|abgehustet|ausgehustet|spucke|gespuckt|auswurf",
        "blutig* .. husten|hustet|gehustet|auswurf|schleim",
        "auswurf|schleim .. blut|blutig*",
        "bluthusten|blutspucken",
        items="e3",
    ),
    # ---- e4 ----
    sign(
        "seizure",
        "krampfanfall|krampfanfälle|epilep*|anfall|krampfanfalls",
        "krampf anfall",
        "zuckungen am ganzen körper",
        items="e4",
    ),
    sign(  # no memory of a fall: it may have been a faint (asked, not assumed)
        "no memory of a fall",
        "gestürzt|hingefallen|umgefallen|gefallen|aufgewacht .. erinnere|erinnern|weiß .. "
        "nicht|nichts|kaum",
        "keine erinnerung .. sturz|gefallen|hingefallen|passiert",
        maybe="e4",
    ),
    sign(
        "feeling faint",
        "fast|beinahe .. umgekippt|ohnmächtig|zusammengeklappt|weggekippt",
        "schwarz vor augen",
        "kreislauf",
        maybe="e4 u9",
        rules=(when("STANDING THIRST", items="u9"), when("FALLDOWN", items="e4")),
        claims=True,
    ),
    sign(
        "fainting",
        "umgekippt|umgekippt|weggekippt|zusammengeklappt|zusammengebrochen|kollabiert|"
        "ohnmacht*|bewusstlos|weggetreten|synkope",
        "bewusstsein verloren",
        "kreislaufkollaps|kollaps",
        "auf dem boden aufgewacht",
        "zusammengesackt|zusammengesunken|weggesackt|abgeklappt|weggeklappt|zusammengeklappt",
        "wieder zu mir|sich gekommen",
        "kurz|komplett|total weg gewesen|war",
        "war kurz|komplett|total weg",
        "aufgewacht .. boden",
        "blackout",
        items="e4",
    ),
    sign(
        "jerking I can't stop",
        "gezuckt|zuck*|zitter*|gezittert|gebebt|gezappelt|geschüttelt|gekrampft|krämpfe",
        needs="WHOLE_BODY",
        rules=(when("CAN_T_STOP+WHOLE_BODY", items="e4"),),
    ),
    # ---- e5 ----
    sign(
        "broken bone",
        "@LOWER|knochen .. gebrochen|bruch|kaputt",
        "gebrochen|gebrochenes .. @LOWER|knochen",
        "bruch|fraktur|knochenbruch|beinbruch|ausgerenkt|verrenkt|luxiert|ausgekugelt",
        "knochen .. sieht|sichtbar|raus|heraus|schaut|guckt|ragt",
        "man? sieht|sehe man? den? knochen",
        "schienbeinbruch|wadenbeinbruch|knöchelbruch|fußbruch|fussbruch|oberschenkelbruch|"
        "kniescheibenbruch|oberschenkelhalsbruch|unterschenkelbruch|sprunggelenksbruch|"
        "zehenbruch|mittelfußbruch|tibiafraktur|schienbeinfraktur",
        "was|etwas gebrochen",
        "knochen .. raus|sichtbar",
        items="e5",
    ),
    sign(
        "crack",
        "geknackt|knacks|krachen|gekracht|knall|geknallt|knacken|knackte",
        needs="INJURY",
        items="e5",
    ),
    sign(
        "deformed leg",
        "@LOWER .. verformt|deformiert|schief|krumm|verdreht|falsch",
        "verformt|deformiert|fehlstellung",
        "@LOWER .. unnatürlich|schräg|abgewinkelt|abgeknickt|verbogen",
        "@LOWER steht|stehen|stand .. ab",
        "kniescheibe|knie .. rausgesprungen|herausgesprungen|verschoben|ausgerenkt",
        items="e5",
    ),
    sign(
        "cold pale leg",
        "@LOWER .. blau|bläulich|weiß|weiss|blass|bleich|marmoriert|lila|grau",
        items="e5",
    ),
    sign(
        "cold leg",
        "@LOWER .. kalt|eiskalt|kälter|eisig",
        maybe="e5",
        rules=(when("INJURY COLOUR", items="e5"),),
        calm="USUAL",
    ),
    sign(
        "can't feel my leg",
        "spür*|fühl* .. @LOWER nicht",
        "kein gefühl .. @LOWER",
        maybe="e5 g4",
        rules=(
            when("SADDLE", items="e6"),
            when("INJURY COLD", items="e5"),
            when("SUDDEN ONE_SIDE", items="e2"),
        ),
    ),
    sign(
        "nothing felt between the legs",
        "spür*|fühl* .. nichts|nicht mehr?",
        "gefühl .. weg|verloren|fort|futsch",
        needs="SADDLE",
        items="e6",
    ),
    sign(
        "not responding, jerking all over",
        "reagiert|reagierte|reagiere nicht|kaum",
        "nicht|kaum ansprechbar",
        needs="WHOLE_BODY",
        items="e4",
    ),
    sign("eyes rolled back", "augen .. verdreht|verdrehte|verdrehen", items="e4"),
    sign(
        "sticking out",
        "@LOWER .. komisch|seltsam|unnatürlich|schief ab",
        "steht|stehen .. @LOWER .. ab",
        needs="INJURY",
        items="e5",
    ),
    sign(
        "foam at the mouth",
        "schaum .. mund|munde|lippen",
        "schäumt|schäumte .. mund",
        items="e4",
    ),
    sign(
        "convulsions all over",
        "gekrampft|krampfte|krampft|krampfen|krämpfe|krampfanfall|krampfanfälle",
        needs="WHOLE_BODY",
        items="e4",
    ),
    sign(
        "can't feel my arm",
        "spür*|fühl* .. @ARM nicht",
        "kein gefühl .. @ARM",
        maybe="e2 g4",
        rules=(when("SUDDEN ONE_SIDE", items="e2"),),
    ),
    sign(
        "numb",
        "@NUMB",
        "spür*|fühl* nichts",
        "kein gefühl",
        maybe="g4",
        rules=(
            when("SADDLE", items="e6"),
            when("MOUTH", items="u7"),
            when("SUDDEN ONE_SIDE FACE", items="e2"),
            when("INJURY", items="e5"),
            when("PATCH", items="g4"),
            when("LEGS", maybe="e5 g4"),
            when("ARMS", maybe="e2 g4"),
        ),
    ),
    # ---- e6 ----
    sign(
        "saddle numbness",
        "reithose*|cauda",
        "spür*|fühl* .. po|hintern|gesäß|schritt|intimbereich|genitalbereich|damm nicht",
        items="e6",
    ),
    sign(
        "no longer feel the urge",
        "merke|merk|spüre|spür|fühle nicht|nichts|kaum mehr?",
        needs="BLADDER_Q",
        items="e6",
    ),
    sign(  # "die Blase ... es kommt nichts": retention
        "nothing comes, the bladder named",
        "kommt|kam nichts|nix|kaum",
        needs="BLADDER_NAMED",
        items="e6",
    ),
    sign(
        "deformed after an injury",
        "verdreht|verformt|unnatürlich|abgewinkelt|verbogen",
        "zeigt .. seite|falsch|schief|falschen",
        "schief|krumm",
        needs="INJURY",
        items="e5",
    ),
    sign(
        "pointing the wrong way",
        "zeigt|steht .. zur seite",
        "zeigt|steht .. in die? falsche richtung",
        items="e5",
    ),
    sign(
        "bladder or bowels",
        "hose|bett .. gemacht|gepinkelt|gekackt|gepullert|uriniert|eingenässt|eingemacht",
        "eingenässt|eingepinkelt|eingekotet|eingekackt|eingeschissen|vollgekackt|vollgepinkelt",
        "blase .. streikt|blockiert",
        "kontrolle .. blase|darm|urin|stuhl",
        "blase|darm|urin|pipi|stuhl|stuhlgang|wasser .. nicht|kaum mehr? halten|kontrollieren|"
        "kontrolliert",
        "inkontinen*",
        "stuhlinkontinen*|harninkontinen*|urininkontinen*",
        "keine kontrolle .. blase|darm|urin|stuhl|stuhlgang",
        "läuft|lief|tropft|tröpfelt .. urin|pipi|stuhl|kot raus|ab|heraus",
        "verliere|verlier .. urin|stuhl",
        "kannnicht pinkeln|urinieren|pieseln|wasserlassen",
        "kannnicht kontrollieren|halten .. blase|darm|urin|stuhl|stuhlgang",
        "blase|darm funktioniert|funktionieren|arbeitet .. nicht",
        "kannnicht .. pinkeln|urinieren",
        "kann .. nicht|kaum mehr|noch pinkeln|urinieren|pieseln|wasserlassen",
        "kann|konnte .. kein wasserlassen",
        "probleme .. blase|darm|wasserlassen|pinkeln",
        "harnverhalt",
        "kommt|kam kein|nichts|nix urin|pipi? raus",
        "stuhl|stuhlgang|kot|urin|pipi geht|ging|gehen|läuft|lief .. ab|raus",
        "kannnicht|kannkaum mehr? richtig? aufs|auf|zur|ins klo|toilette|wc",
        "mache|mach|machte|pinkle|pinkel .. in die hose|windel|bett",
        "mache|mach|machte|pinkle|pinkel .. ins bett|höschen",
        "urin|pipi kommt|kam nicht|kaum raus",
        items="e6",
    ),
    # ---- u1 ----
    sign("blood clot", "thrombo*|blutgerinnsel|gerinnsel|tvt|venenentzündung", items="u1"),
    sign(
        "swollen thigh or calf",
        "@THIGHCALF .. @SWOLLEN",
        "@SWOLLEN .. @THIGHCALF",
        maybe="u1",
        rules=(when("REDHOT_Q PAIN_Q CLOT_RISK", items="u1"),),
    ),
    sign(
        "swollen, the calf named near",
        "geschwollen*|angeschwollen*|aufgeschwollen|schwellung",
        needs="THIGHCALF_Q",
        maybe="u1",
        rules=(when("REDHOT_Q PAIN_Q CLOT_RISK", items="u1"),),
    ),
    sign(
        "red hot thigh or calf",
        "@THIGHCALF .. @REDHOT",
        "@REDHOT @THIGHCALF",
        maybe="u1",
        rules=(when("REDHOT_Q SWELLING PAIN_Q", items="u1"),),
    ),
    # ---- u2 ----
    sign(
        "hot swollen knee",
        "@KNEE .. @SWOLLEN|heiß|rot|warm|entzündet",
        "@SWOLLEN .. @KNEE",
        "kniegelenkserguss|erguss",
        maybe="u2",
        rules=(when("FEVER", items="u2"),),
        calm="EXERTION",
    ),
    sign("fever", "@FEVER|fieber*", maybe="u2 u8", rules=(when("MEDICINE", items="u8"),)),
    # ---- u3 ----
    sign(
        "can't bear weight",
        "kannnicht auftreten|belasten|laufen|gehen|stehen|strecken|durchstrecken|aufsetzen",
        "kannnicht .. laufen|auftreten|belasten|strecken|aufsetzen",
        "kannnicht mehr? auf .. bein|beinen|fuß|fuss stehen|auftreten",
        "krieg|kriege|bekomm* .. knie|bein|es nicht mehr gerade",
        "krieg|kriege|bekomm* .. knie|bein|es nicht mehr? gestreckt|durchgestreckt",
        "knie .. nicht .. gestreckt|strecken|durchstrecken|gerade",
        "nicht belastbar",
        "kann .. nicht|kaum belasten|auftreten|strecken|durchstrecken",
        "nicht|kaum belasten|auftreten|durchstrecken",
        "kannnicht .. bein|beine|knie .. bewegen|heben|anheben|beugen|rühren|ruhren",
        "kann .. bein|beine|knie .. nicht .. bewegen|heben|anheben|beugen|rühren|ruhren",
        "bein|beine|knie lässt|lasst sich nicht|kaum .. bewegen|heben|beugen",
        items="u3",
    ),
    sign("hard to walk", "kannkaum laufen|gehen|stehen|auftreten", "humpel*|hinke", maybe="u3 u4"),
    # ---- u4 ----
    sign(
        "knee gives way",
        "@LEG .. knickt|knickte|weggeknickt|blockiert|blockt|klemmt|eingeklemmt|instabil|"
        "eingerastet|rastet|verhakt|hakt|gesperrt|sperrt|verklemmt|knickt|sackt|gibt",
        "@LEG gibt|gab .. nach",
        "sackt|knickt|klappt|bricht|rutscht .. knie|bein weg",
        items="u4",
        claims=True,
    ),
    sign(
        "fell",
        "hingefallen|gestürzt|sturz|runtergefallen|hingeflogen|gestolpert|ausgerutscht|"
        "hinfallen|umgefallen|hingeknallt",
        "bin|ist gefallen",
        "bin|sind .. gefallen|geflogen|geknallt|gestolpert",
        "auf die|den nase|fresse|schnauze|hintern|rücken|steiß .. gefallen|geflogen|geknallt",
        items="u4",
    ),
    # ---- u5 ----
    sign(
        "cramp",
        "krampf|krämpfe|krampft|krampfen|verkrampft|verkrampfung|wadenkrampf",
        maybe="u5",
        rules=(when("LONG_CRAMP", items="u5"), when("SLEEP", items="g7")),
        calm="SHORT EXERTION PAST",
    ),
    sign(
        "dirty wound",
        "rostig*|rostigen nagel",
        "tetanus|wundstarrkrampf",
        "@WOUND .. dreckig|dreckige|schmutzig|eitert|eiter|entzündet|infiziert|erde|gartenerde|"
        "blumenerde|dreck|rost|rostig*",
        "dreckig*|schmutzig* @WOUND",
        "nagel eingetreten",
        "hundebiss|katzenbiss|tierbiss|bisswunde|gebissen",
        "nagel|nägel|scherbe|glasscherbe|dorn .. getreten|eingetreten|reingetreten|gestochen",
        items="u5",
    ),
    sign("wound", "@WOUND", maybe="u5", rules=(when("DIRTY", items="u5"),), calm="CLEAN"),
    # ---- u6 ----
    sign(
        "cola urine",
        "@URINE .. cola*|braun|dunkelbraun|schwarz|tee|rostbraun|rotbraun|braunrot|bräunlich",
        "cola*|dunkelbraun*|braun*|rotbraun* .. @URINE",
        "rhabdo*",
        items="u6",
        calm="YELLOW",
    ),
    sign(
        "dark urine",
        "@URINE .. dunkel|dunkler|schwarz|braun|rot|rötlich|blutig|blut",
        "dunkler|dunkle|dunkles|dunklen|brauner|braune|braunes|braunen|rotbrauner|"
        "dunkelbrauner|dunkelbraune|schwarzer @URINE",
        "blut im @URINE",
        maybe="u6 u9",
        rules=(when("MUSCLE_BAD", items="u6"),),
        calm="YELLOW",
    ),
    # ---- u7 ----
    sign(
        "tingling",
        "kribbel*|ameisenlaufen|ameisenkribbeln|prickel*",
        items="g4",
        rules=(
            when("MOUTH", items="u7"),
            when("SADDLE", items="e6"),
            when("FINGERS+SPASMS", items="u7"),
            when("FINGERS", maybe="u7 g4"),
        ),
    ),
    sign(
        "irregular heartbeat",
        "@HEART .. unregelmäßig|stolpert|stolpern|holpert|aussetzer|setzt|rhythmus",
        "herzstolpern|herzrhythmusstörung|herzrhythmusstörungen|vorhofflimmern|arrhythmie|"
        "extrasystole*|herzaussetzer|palpitationen",
        items="u7",
    ),
    sign(
        "irregular, the heart named near",
        "unregelmäßig*|unregelmässig*|holpert|stolpert|aussetzer",
        needs="HEART_Q",
        items="u7",
    ),
    sign(
        "racing heart",
        "herz rasen",
        "herzrasen|herzklopfen|tachykardie",
        "@HEART .. rast|rasen|hämmert|pocht|klopft|jagt|galoppiert|wild",
        maybe="u7",
        rules=(when("MEDICINE", items="u8"),),
    ),
    # ---- u8 ----
    sign(
        "unwell on a medicine",
        "unruhig|schwitze|schwitzen|schwitzt|schweiß|schweißausbruch|fiebrig|zittrig|agitiert|"
        "aufgedreht",
        needs="MEDICINE",
        items="u8",
    ),
    sign("serotonin", "serotoninsyndrom|serotonin syndrom", items="u8"),
    # ---- u9 ----
    sign(
        "thirsty and dizzy",
        "schwind*",
        "dreht sich alles",
        maybe="u9",
        rules=(when("STANDING THIRST", items="u9"),),
    ),
    sign(
        "very thirsty",
        "extremen|extrem|starken|riesigen|großen|total durst|durstig",
        "durst .. extrem|ständig",
        maybe="u9",
        rules=(when("STANDING", items="u9"),),
    ),
    sign(
        "no urine",
        "nicht mehr? gepinkelt|uriniert|gepieselt|pinkeln",
        "nicht mehr? auf|aufs|zur|im dem|der? toilette|klo|wc",
        "kein urin",
        "kein|nicht einziges? mal .. pinkeln|klo|toilette|wasserlassen",
        "nichts kommt",
        maybe="u9",
        rules=(when("NO_URINE_LONG", items="u9"),),
    ),
    # ---- see a GP ----
    sign(
        "weak leg",
        "@WEAK",
        "keine kraft",
        "kraft .. weg|weniger|lässt nach",
        maybe="e2 g2",
        rules=(
            when("SUDDEN ONE_SIDE", items="e2"),
            when("NOT_EXERTION", items="g2", maybe="e2"),
        ),
        calm="EXERTION",
    ),
    sign(
        "stiff leg",
        "@STIFF",
        items="g2",
        calm="EXERTION",
        rules=(when("NOT_EXERTION", items="g2"),),
    ),
    sign(
        "hard to climb stairs",
        "treppe|treppen|treppensteigen .. schwer|schwierig|kaum",
        "fuß|bein schleift|nachziehen|ziehe",
        items="g2",
    ),
    sign(
        "thinner thigh",
        "@LEG .. dünner|dünn|schmaler|kleiner|eingefallen",
        "verlier*|verloren muskel*",
        "muskel* .. abgebaut|weniger|schwindet|verloren",
        "muskelschwund|atroph*|muskelabbau",
        items="g3",
    ),
    sign("medicine", "@MED", items="g5"),
    sign(
        "leg pain",
        f"@LEG .. {PAIN}",
        f"{PAIN} .. @LEG",
        maybe="u1 g6",
        rules=(
            when("SWELLING+REDHOT_Q", items="u1"),
            when("NOT_EXERTION", items="g6"),
            when("FEVER", maybe="u2"),
            when("MILD", maybe="g6"),
        ),
        calm="EXERTION SHORT",
    ),
    sign("pain", "schmerz*|tut weh", needs="NOT_EXERTION", items="g6"),
    sign(
        "disturbed sleep",
        "zuck*|krampf|krämpfe .. schlafen|nacht|nachts|schlaf",
        "wecken|weckt|wecke|aufwachen",
        "kannnicht .. schlafen",
        "nicht schlafen|einschlafen|durchschlafen",
        needs="SPASMS",
        items="g7",
    ),
    # ---- the twitch ----
    sign(
        "twitch",
        "zuck*|gezuckt|zuk*|twitch*|faszikul*|tic|tick|spasm*|zappel*|flimmer*",
        "hält|halt nicht still",
        twitch=True,
        calm="SETTLED WHOLE_BODY",
        rules=(when("ELSEWHERE", items="g1"), when("SLEEP", items="g7")),
    ),
    sign(
        "weak twitch",
        "schwach*|schwache|schwaches|leicht*|leise* zuck*|zucken|zuckungen|gezucke",
        "zuck* schwach|leicht|bisschen",
        twitch=True,
        claims=True,
        calm="SETTLED WHOLE_BODY",
        rules=(when("ELSEWHERE", items="g1"), when("SLEEP", items="g7")),
    ),
    sign(
        "moving muscle",
        "hüpft|hüpfen|springt|springen|flattert|flattern|vibrier*|puls|pulsiert|bewegt|"
        "pocht|klopft|popcorn|zittert|zittern|tanzt|wackelt|sprünge|sprung|hüpfer|springt|"
        "pulsier*|ruckt|ruckelt|wummert|klopfen|pochen|stromschl*|stromstöße",
        "zieht|zog|ziehen sich .. zusammen",
        needs="PLACE PERSIST VISIBLE",
        twitch=True,
        calm="SETTLED WHOLE_BODY",
        rules=(when("BODY_PART", items="g1"), when("SLEEP", items="g7")),
    ),
)

HARMLESS: Final = (
    "lach|panik|wut|husten|heul|fress anfall",
    "lachanfall|panikattacke|panikanfall|wutanfall|hustenanfall",
    "vor angst .. hose",
    "angst .. in die hose",
    "schlag ins wasser",
    "handy|telefon|glas|tasse|teller|löffel|schlüssel|brille|flasche|tablett .. runtergefallen|"
    "heruntergefallen|hingefallen|umgefallen",
    "hat|haben mir .. gefallen",
    "aufgefallen",
    "gefällt|gefallen mir",
    "herz aus gold|stein",
    "von ganzem herzen",
    "herzlich|herzlichen",
    "atemberaubend*",
    "brustschwimmen",
    "hähnchenbrust|putenbrust",
    "wasser im knie",
    "magnesium|vitamin|vitamine .. tabletten|tablette",
    "tut mir leid",
    "fit",
    "herzklopfen|herzrasen im|am|in der? oberschenkel|bein|muskel|wade|knie",
    "blackout .. prüfung|klausur|test|vortrag|referat|gespräch|arbeit",
    "temperatur ist|war? normal|normale|ok|okay|36|36,6|36.6|36,5|36.5|36,8|36.8|36,9|36.9",
    "normale temperatur",
    "groschen|würfel|entscheidung|temperatur|preis|preise|kurs|aktie|aktien|wahl ist|sind "
    "gefallen|gesunken",
    "über einen|eine|ein|den|die|das? artikel|beitrag|video|post|thread|forum|seite|bericht|"
    "text|studie|link .. gestolpert",
    "prüfung|klausur|test|vortrag|referat .. blackout",
)

NEGATION: Final = Negation(
    triggers=_words(
        "nicht nich kein keine keinen keiner keines keinem keins keinerlei nie niemals ohne weder "
        "nichts nein"
    ),
    pseudo={
        "*": _words("sicher ganz nur mal ahnung auf aufhören normal schlimm gut mehr ende"),
    },
    interjections=_words("nein"),
    terminators=_words(
        "aber jedoch sondern obwohl trotzdem doch außer nur jetzt und dann allerdings"
    ),
    clause_starters=_words(
        "ich mein meine mir es das der die jetzt aber und dann plötzlich nur heute gestern"
    ),
    joiners=_words("oder"),
    list_needs_sign=True,
    post=_words("nein keine kein keins keinen nicht nie"),
    cancel=(
        "wie diese|dieses|diesen|heute",
        "so stark|schlimm",
        "bis jetzt|heute",
        "solche|solchen|solcher|so",
    ),
    backward=_words("nicht nich"),
    list_joiners=_words("und oder noch"),
    list_blockers=_words("tut tun schmerzt brennt sticht drückt ist sind bin war habe hab hatte"),
    fillers=_words("habe hab hatte spüre spür merke bemerke fühle war bin ist sind ich es"),
)

SPELLING: Final = {
    "vorm": "vor dem",
    "nich": "nicht",
    "net": "nicht",
    "nen": "einen",
    "ne": "eine",
    "hab": "habe",
    "ohnmechtig": "ohnmächtig",
    "onmächtig": "ohnmächtig",
    "umgekipt": "umgekippt",
    "zukt": "zuckt",
    "zuken": "zucken",
    "oberschenkl": "oberschenkel",
    "brustschmerzn": "brust schmerzen",
    "schmerzn": "schmerzen",
    "schmertzen": "schmerzen",
    "brustschmertzen": "brust schmerzen",
    "herzinfakt": "herzinfarkt",
    "schwindlig": "schwindelig",
    "atemnot": "atem not",
    "luftnot": "luft not",
    "herzrasen": "herz rasen",
    "hitzeschlag": "hitzschlag",
    "muskelzucken": "muskel zucken",
    "muskelzuckungen": "muskel zuckungen",
    "muskelzuckung": "muskel zuckung",
    "muskelzittern": "muskel zittern",
    "wadenkrampf": "waden krampf",
    "wadenkrämpfe": "waden krämpfe",
    "knieschmerzen": "knie schmerzen",
    # Austrian / Bavarian and Swiss German as typed
    "i": "ich",
    "kriag": "krieg",
    "griag": "krieg",
    "ka": "keine",
    "kane": "keine",
    "koa": "keine",
    "ned": "nicht",
    "nix": "nichts",
    "is": "ist",
    "isch": "ist",
    "tuat": "tut",
    "hob": "habe",
    "ha": "habe",
    "mei": "mein",
    "mer": "mir",
    "umgfalln": "umgefallen",
    "umgfallen": "umgefallen",
    "hingfalln": "hingefallen",
    "higfalle": "hingefallen",
    "gfalln": "gefallen",
    "chnü": "knie",
    "chnie": "knie",
    "gschwolle": "geschwollen",
    "gschwollä": "geschwollen",
    "gschwollen": "geschwollen",
    "schmärze": "schmerzen",
    "schmärz": "schmerz",
    "oberschänkel": "oberschenkel",
    "wadl": "wade",
    "fuaß": "fuß",
    "fiaber": "fieber",
}

PHRASES: Final = {
    "keine spur": "nicht",  # "von Taubheit keine Spur"
    "kann nicht": "kannnicht",
    "kann gar nicht": "kannnicht",
    "kann nicht mehr": "kannnicht",
    "konnte nicht": "kannnicht",
    "können nicht": "kannnicht",
    "kann kaum": "kannkaum",
    "kann nichts": "kannnicht",
    "kann gar nichts": "kannnicht",
    "kann ich nicht": "kannnicht",
    "kann ich nicht mehr": "kannnicht",
    "kann ich gar nicht": "kannnicht",
    "konnte ich nicht": "kannnicht",
    "kann er nicht": "kannnicht",
    "kann sie nicht": "kannnicht",
    "kann ich kaum": "kannkaum",
    "kann nur schwer": "kannkaum",
    "gar nicht": "nicht",
    "gar kein": "kein",
    "gar keine": "keine",
    "bin ich nicht": "nicht",
    "war ich nicht": "nicht",
    "ist es nicht": "nicht",
    "ist er nicht": "nicht",
    "ist sie nicht": "nicht",
    "habe ich nie": "nie",
    "hab ich nie": "nie",
    "hab ich nie gesehen": "nie",
    "habe ich nie gesehen": "nie",
    "hab ich nie bemerkt": "nie",
    "habe ich nie bemerkt": "nie",
    "nie gesehen": "nie",
    "nie bemerkt": "nie",
    "hatte ich nie": "nie",
    "hab ich keins": "keins",
    "hab ich keins gemerkt": "keins",
    "hab ich keins bemerkt": "keins",
    "hab ich keins gesehen": "keins",
    "hab ich keins gespürt": "keins",
    "hab ich keine": "keine",
    "hab ich keine gemerkt": "keine",
    "hab ich keine bemerkt": "keine",
    "hab ich keine gesehen": "keine",
    "hab ich keine gespürt": "keine",
    "hab ich keinen": "keinen",
    "hab ich keinen gemerkt": "keinen",
    "hab ich keinen bemerkt": "keinen",
    "hab ich keinen gesehen": "keinen",
    "hab ich keinen gespürt": "keinen",
    "hab ich nicht": "nicht",
    "hab ich nicht gemerkt": "nicht",
    "hab ich nicht bemerkt": "nicht",
    "hab ich nicht gesehen": "nicht",
    "hab ich nicht gespürt": "nicht",
    "habe ich keins": "keins",
    "habe ich keins gemerkt": "keins",
    "habe ich keins bemerkt": "keins",
    "habe ich keins gesehen": "keins",
    "habe ich keins gespürt": "keins",
    "habe ich keine": "keine",
    "habe ich keine gemerkt": "keine",
    "habe ich keine bemerkt": "keine",
    "habe ich keine gesehen": "keine",
    "habe ich keine gespürt": "keine",
    "habe ich keinen": "keinen",
    "habe ich keinen gemerkt": "keinen",
    "habe ich keinen bemerkt": "keinen",
    "habe ich keinen gesehen": "keinen",
    "habe ich keinen gespürt": "keinen",
    "habe ich nicht": "nicht",
    "habe ich nicht gemerkt": "nicht",
    "habe ich nicht bemerkt": "nicht",
    "habe ich nicht gesehen": "nicht",
    "habe ich nicht gespürt": "nicht",
    "hatte ich keins": "keins",
    "hatte ich keins gemerkt": "keins",
    "hatte ich keins bemerkt": "keins",
    "hatte ich keins gesehen": "keins",
    "hatte ich keins gespürt": "keins",
    "hatte ich keine": "keine",
    "hatte ich keine gemerkt": "keine",
    "hatte ich keine bemerkt": "keine",
    "hatte ich keine gesehen": "keine",
    "hatte ich keine gespürt": "keine",
    "hatte ich keinen": "keinen",
    "hatte ich keinen gemerkt": "keinen",
    "hatte ich keinen bemerkt": "keinen",
    "hatte ich keinen gesehen": "keinen",
    "hatte ich keinen gespürt": "keinen",
    "hatte ich nicht": "nicht",
    "hatte ich nicht gemerkt": "nicht",
    "hatte ich nicht bemerkt": "nicht",
    "hatte ich nicht gesehen": "nicht",
    "hatte ich nicht gespürt": "nicht",
    "keins gemerkt": "keins",
    "keins bemerkt": "keins",
    "keins gesehen": "keins",
    "keins gespürt": "keins",
    "keine gemerkt": "keine",
    "keine bemerkt": "keine",
    "keine gesehen": "keine",
    "keine gespürt": "keine",
    "keinen gemerkt": "keinen",
    "keinen bemerkt": "keinen",
    "keinen gesehen": "keinen",
    "keinen gespürt": "keinen",
    "nicht gemerkt": "nicht",
    "nicht bemerkt": "nicht",
    "nicht gesehen": "nicht",
    "nicht gespürt": "nicht",
    "einer halben stunde": "30 minuten",
    "einer halben": "30",
    "halben stunde": "30 minuten",
    "halbe stunde": "30 minuten",
    "einer stunde": "60 minuten",
    "ner stunde": "60 minuten",
    "einer viertelstunde": "15 minuten",
    "viertelstunde": "15 minuten",
    "wasser lassen": "wasserlassen",
    "außer atem": "außer atem",
}

NUMBERS: Final = {
    "ein": 1,
    "eine": 1,
    "einer": 1,
    "einen": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "zwölf": 12,
    "fünfzehn": 15,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "paar": 2,
}

UNITS: Final = {
    "s": 0,
    "sek": 0,
    "sekunde": 0,
    "sekunden": 0,
    "min": 1,
    "minute": 1,
    "minuten": 1,
    "h": 60,
    "std": 60,
    "stunde": 60,
    "stunden": 60,
    "tag": 1440,
    "tage": 1440,
    "tagen": 1440,
}

LEXICON: Final = Lexicon(
    language="de",
    classes=CLASSES,
    qualifiers=QUALIFIERS,
    signs=SIGNS,
    harmless=HARMLESS,
    negation=NEGATION,
    spelling=SPELLING,
    phrases=PHRASES,
    symbols={"&": "und", "+": "und"},
    numbers=NUMBERS,
    units=UNITS,
    durations={"CRAMP": t.CRAMP_URGENT_MINUTES, "NO_URINE": t.NO_URINE_HOURS * 60},
    fuzzy=_words(
        "ohnmächtig umgekippt zusammengeklappt bewusstlos schlaganfall geschwollen "
        "schwindelig unregelmäßig oberschenkel kribbeln taubheit medikament medikamente "
        "gebrochen thrombose schüttelfrost hingefallen krampfanfall verwirrt"
    ),
    not_fuzzy=_words("ohnmacht"),
    stretched=True,
    typo_min=6,
    gapped={
        "kann nicht": "kannnicht",
        "kann kaum": "kannkaum",
        "kann nichts": "kannnicht",
        "konnte nicht": "kannnicht",
        "konnte kaum": "kannkaum",
    },
    gap=4,
    digraphs={"ae": "a", "oe": "o", "ue": "u"},
    compound_heads=(
        "unfall",
        "sturz",
        "schmerzen",
        "schmerz",
        "schmerzn",
        "krampf",
        "krämpfe",
        "zucken",
        "zuckungen",
        "zuckung",
        "not",
        "infarkt",
        "rasen",
        "muskel",
        "muskeln",
        "schwäche",
        "kribbeln",
        "lähmung",
        "tabletten",
        "thrombose",
        "schlucken",
        "gestürzt",
        "gefallen",
        "gekippt",
    ),
)
