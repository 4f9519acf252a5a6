"""Spanish lexicon of the free-text reader: data only (syntax in ``lexicon.py``).

The same items and rules as ``lexicon_en``, in the words Spanish speakers type (with or without
accents: words are folded as the text is, so "está" and "esta" are one word). Verb forms and
clitics ("desmayé", "desmayarme", "hinchadísima") are caught by stems (``desmay*``); "no puedo"
/ "no siento" are read as one word (``nopuedo``, ``nosiento``) so that the "no" of an inability
is the sign, not a negation. Traps: "constipado" is a cold (no bowel item); "derrame" alone is a
knee effusion ("derrame cerebral" is the stroke); "me cagué de miedo", "me caigo de sueño",
"ataque de risa" are idioms.
"""

from __future__ import annotations

from typing import Final

from bot.domain import thresholds as t
from bot.domain.lexicon import HEAT_ILLNESS, Lexicon, Negation, sign, when


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CLASSES: Final = {
    "PAIN": _words(
        "dolor dolores duele duelen dolia dolía doliendo dolorido dolorida molestia molestias "
        "peso punzada punzadas pinchazo pinchazos presion presión opresion opresión ardor "
        "quemazon aprieta oprime aplasta arde quema pincha tirantez pesadez"
    ),
    "CHEST": _words(
        "pecho torax tórax toracico torácico toracica torácica esternon esternón chest"
    ),
    "LEG": _words(
        "pierna piernas muslo muslos gemelo gemelos pantorrilla pantorrillas rodilla rodillas "
        "rotula rótula cuadriceps cuádriceps cuadricep isquiotibiales espinilla pie pies "
        "tobillo tobillos dedo dedos musculo músculo musculos músculos extremidad"
    ),
    "LOWER": _words(
        "pierna piernas pie pies dedos tobillo tobillos gemelo gemelos pantorrilla "
        "pantorrillas espinilla muslo rodilla femur fémur tibia perone peroné rotula rótula "
        "cadera talon talón"
    ),
    "THIGHCALF": _words(
        "muslo muslos gemelo gemelos pantorrilla pantorrillas pierna piernas cuadriceps cuádriceps"
    ),
    "KNEE": _words("rodilla rodillas rotula rótula"),
    "ARM": _words("brazo brazos mano manos"),
    "SWOLLEN": _words(
        "hinchado hinchada hinchados hinchadas hinchazon hinchazón inchado inchada inflamado "
        "inflamada inflamacion inflamación gordo gorda gruesa grueso grande enorme abultado "
        "abultada edema balon balón globo melon melón pelota bola"
    ),
    "REDHOT": _words(
        "rojo roja rojos rojas enrojecido enrojecida caliente calientes ardiendo morado morada "
        "oscura oscuro amoratado amoratada"
    ),
    "FEVER": _words(
        "fiebre febril escalofrio escalofrío escalofrios escalofríos tiritando tiritona "
        "temperatura calentura destemplado destemplada tiritonas tiritando tiritaba tirito "
        "tirito escalofriado escalofriada"
    ),
    "URINE": _words(
        "orina orino orinando orine oriné pis pipi pipí meado meo meando meada meos meados"
    ),
    "HEART": _words("corazon corazón latido latidos pulso pulsaciones"),
    "MED": _words(
        "medicamento medicamentos medicina medicinas medicacion medicación pastilla pastillas "
        "farmaco fármaco farmacos fármacos tratamiento estatina estatinas diuretico diurético "
        "diureticos diuréticos corticoide corticoides cortisona prednisona inhalador "
        "inhaladores salbutamol ventolin antidepresivo antidepresivos sertralina fluoxetina "
        "escitalopram paroxetina venlafaxina anticonceptivo anticonceptivos anticonceptiva "
        "hormonas litio tramadol furosemida atorvastatina simvastatina levotiroxina "
        "antibiotico antibiótico antibioticos antibióticos dosis"
    ),
    "CHANGE": _words(
        "empece empecé empezado empezar empiezo nuevo nueva nuevos nuevas cambiaron cambie "
        "cambié cambio cambió cambiado subieron subido aumentaron aumentado deje dejé dejado"
    ),
    "WOUND": _words(
        "mordio mordió mordido mordida herida heridas corte cortes rasguño rasguños raspon "
        "raspón raspones arañazo mordedura mordisco rozadura"
    ),
    "WEAK": _words("debil débil debiles débiles debilidad flojo floja flojera flojas"),
    "STIFF": _words("rigido rígido rigida rígida rigidez tieso tiesa agarrotado agarrotada"),
    "NUMB": _words(
        "dormida dormido dormidas dormidos adormecida adormecido adormecidas adormecidos "
        "adormecimiento entumecida entumecido entumecidas entumecidos "
        "entumecimiento insensible acorchada acorchado"
    ),
    "TWITCHWORD": _words(
        "tiembla tiemblan temblor temblores temblando espasmo espasmos tic tics fasciculaciones"
    ),
}

QUALIFIERS: Final = {
    "SUDDEN": (
        "de repente|golpe|pronto",
        "repentino|repentina|repentinamente|subitamente|súbitamente|derepente|bruscamente",
        "sin avisar",
    ),
    "ONE_SIDE": (
        "lado|mitad|hemicuerpo|medio",
        "izquierdo|izquierda|derecho|derecha",
    ),
    "FACE": ("cara|rostro|boca|labio|labios|sonrisa|parpado|párpado|mejilla",),
    "MOUTH": ("boca|labios|labio",),
    "FINGERS": ("dedos|dedo|manos|mano",),
    "SADDLE": (
        "entre las? piernas|muslos",
        "ingle|ingles|genital|genitales|perine|perineo|entrepierna|culo|nalgas|gluteos|glúteos|"
        "trasero|sillin|sillín|vagina|pene|testiculos|testículos|ano",
        "zona intima|íntima",
        "ahi|ahí abajo",
        "al limpiarme",
    ),
    "LEGS": ("@LEG",),
    "ARMS": ("@ARM",),
    "FALLDOWN": (
        "cai|caí|caida|caída|cayo|cayó|desplome|desplomé|desplomo|desplomó|suelo|piso",
        "me fui al suelo|piso",
    ),
    "INJURY": (
        "caida|caída|cai|caí|caido|caído|caer|tropece|tropecé|resbale|resbalé|golpe|golpee|"
        "golpeé|accidente|entrada|choque|choqué|lesion|lesión|torci|torcí|patada|placaje",
    ),
    "WHOLE_BODY": (
        "por? todo el cuerpo",
        "cuerpo entero",
        "por todas partes",
        "brazos y piernas",
        "sacud*|temblab*|convuls*|retorc* entero|entera",
    ),
    "LONG_CRAMP": (
        "#CRAMP+",
        "no se? me? quita|pasa|va|afloja",
        "no para|cede|afloja|suelta|termina",
        "no me lo? suelta",
        "no se? me ha quitado|pasado|ido",
        "toda la noche|tarde|mañana",
        "horas",
    ),
    "SHORT": (
        "#CRAMP-",
        "segundos",
        "unos|pocos segundos",
        "pequeñ*|pequen*|leve|ligero|ligera|breve|rapido|rápido",
        "como un|una",
        "parecido a",
        "se me? paso|pasó|fue|quito|quitó",
        "va y viene",
    ),
    "NO_URINE_LONG": (
        "#NO_URINE+",
        "desde anoche|ayer|esta|por|la|las|el|hace",
        "anoche",
        "todo el dia|día",
        "en todo el dia|día",
        "horas",
    ),
    "STANDING": (
        "levantarme|levanto|levantarse|levantarte|levanté",
        "me pongo|pongo|ponerme de pie",
        "de pie",
        "incorporarme|incorporo",
        "pararme|me paro|pararse|al pararme",
    ),
    "THIRST": ("sed|sediento|sedienta|deshidratado|deshidratada", "boca seca", "seca la boca"),
    "FEVER": ("@FEVER|tirit*|escalofr*|febr*",),
    "DIRTY": (
        "sucia|sucio|tierra|barro|oxido|óxido|oxidado|oxidada|clavo|infectada|infectado|"
        "infeccion|infección|pus|supura|supurando|estiercol|estiércol|mordedura|perro|"
        "jardin|jardín",
    ),
    "MEDICINE": (
        "@CHANGE .. @MED",
        "@MED .. @CHANGE",
        "desde que tomo|empece|empecé|cambie|cambié",
        "cambiaron|subieron|aumentaron|cambio|cambió .. dosis",
    ),
    "SPASMS": (
        "espasmo|espasmos|calambre|calambres|contracturas|contraen|agarrotan|agarrotadas|"
        "agarrotados",
    ),
    "SWELLING": ("@SWOLLEN", "hinch*|inch*"),
    "REDHOT_Q": ("@REDHOT",),
    "PAIN_Q": ("@PAIN|duel*|dol*",),
    "EXERTION": (
        "despues|después|tras del|de la? gym|gimnasio|entreno|entrenamiento|partido|futbol|"
        "fútbol|correr|carrera|crossfit|ejercicio|deporte|pesas|sentadillas|bici|caminata",
        "al|de correr|entrenar",
        "agujetas",
    ),
    "NOT_EXERTION": (
        "aunque|sin|no .. entreno|entrenado|entrenar|deporte|ejercicio|gimnasio|gym",
        "dias|días que no",
        "no es|son .. agujetas",
        "en reposo",
        "sin motivo|razon|razón",
        "todo el rato",
        "dias|días de descanso",
    ),
    "SETTLED": (
        "ya no",
        "se ha? ido|quitado|pasado",
        "paro|paró|desaparecio|desapareció",
    ),
    "ELSEWHERE": (
        "otra|otro pierna|rodilla|muslo|lado|gemelo|pie|brazo",
        "brazo|brazos|mano|manos|cara|ojo|ojos|parpado|párpado|labio|labios|hombro|espalda|"
        "cuello|barriga|tripa|lengua|mejilla",
        "por todo el cuerpo",
        "en todas partes",
        "otras partes|zonas",
    ),
    "BODY_PART": (
        "brazo|brazos|mano|manos|cara|ojo|ojos|parpado|párpado|labio|hombro|espalda|cuello",
    ),
    "SLEEP": ("noche|noches|dormir|duermo|dormido|sueño|despierta|despiertan|despierto|cama",),
    "PLACE": ("@LEG", "encima|arriba|debajo|sobre de? la|mi? rodilla", "piel"),
    "COLOUR": (
        "morado|morada|blanco|blanca|palido|pálido|palida|pálida|azul|azulado|gris",
        "sin color",
        "descolorid*|blanquec*|blanquin*|amarillent*",
    ),
    "CLOT_RISK": (
        "vuelo|avion|avión|operacion|operación|cirugia|cirugía|embarazada|embarazo|escayola|"
        "yeso|reposo|viaje|anticonceptivo|anticonceptivos",
    ),
    "MILD": ("un poco|poquito", "leve|ligero|ligera"),
    "PATCH": ("zona|parte|mancha|trozo",),
    "USUAL": ("siempre|normalmente|invierno|frio|frío|fuera|circulacion|circulación",),
    "CLEAN": ("limpia|limpio|limpiado|curada|cicatrizando",),
    "PAST": ("ayer|antes|anoche|hace",),
    "VISIBLE": ("se ve|nota|noto|veo", "a traves|través"),
    "PERSIST": ("solo|sola", "todo el dia|día", "no para", "sin parar", "cada"),
    "CAN_T_STOP": (
        "nopuedo|nopodia parar|controlar|detener|pararlo|controlarlo",
        "incontrolable|incontrolables",
        "sin control",
        "no para|paran|paraba|paraban|cesa|cesan|cede|ceden",
    ),
    "YELLOW": ("amarillo|amarilla|naranja",),
    "HEART_Q": ("@HEART",),
    "MUSCLE_BAD": (
        "@WEAK|debilidad|agotad*",
        "sin fuerzas",
        "dolor|dolores muscular*|musculos|músculos",
        "duel*|dol* .. musculos|músculos|piernas|todo",
        "musculos|músculos .. duel*|dol*|destrozad*|molid*",
    ),
    "THIGHCALF_Q": ("@THIGHCALF",),
    "NUMB_Q": (
        "no lo|la|los|las noto",
        "nosiento|nonoto|@NUMB|dormid*|entumec*|adormec*|insensib*",
    ),
    "COLD": ("frio|fría|fria|frío|helado|helada|congelado|congelada|hielo",),
    "KNEE_Q": ("@KNEE",),
}

SIGNS: Final = (
    sign(
        "heat illness",
        "golpe de? calor",
        "insolacion|insolación|insolado|insolada|insol*",
        "agotamiento por calor",
        items=HEAT_ILLNESS,
        claims=True,
    ),
    # ---- e1 ----
    sign(
        "can't breathe",
        "nopuedo respirar|respiro",
        "ahogo|ahogando|ahogandome|ahogándome|asfixio|asfixia|asfixiando",
        "no me llega el? aire",
        "no me entra|pasa el? aire",
        "cuesta|costaba|dificultad|dificil|difícil|trabajo .. respirar|respiro",
        "respiro|respirar|respiracion|respiración .. dificultad|mal|fatal|cuesta|dificil|"
        "difícil|raro|rara|entrecortada|ruidosa",
        "falta de respiracion|respiración",
        "se me cierra la garganta",
        "garganta .. cierra|cerrando|cerrad*|hinchada|tapad*|bloquead*",
        "no me? pasa|baja|entra ni? la|el? saliva|comida|agua",
        "sin poder respirar",
        "apenas|casi puedo? respirar|respiro",
        items="e1",
        rules=(when("SUDDEN", items="e1 e3"),),
    ),
    sign(
        "can't swallow",
        "nopuedo tragar|traga",
        "cuesta|dificultad|dificil|difícil|duele .. tragar",
        "cuesta|dificultad|dificil|difícil .. pasar .. comida|bocado|agua|saliva|pastilla*",
        "atragant*",
        "nopuedo pasar|tragar ni? la|el|los|las? saliva|comida|bocado|agua|pastillas|liquidos",
        "apenas|casi puedo? tragar|trago",
        "atora*|atasca*|atoro .. comida|bocado|garganta",
        "comida|bocado .. atora*|atasca*|baja",
        items="e1",
    ),
    sign(
        "slurred speech",
        "arrastr* .. palabras",
        "palabras .. arrastr*|raras|lia|lío|mezcl*",
        "trab* .. lengua|palabras",
        "lengua|palabras .. trab*|pesada|dormida|torpe",
        "hablo|habla|hablar .. raro|rara|extraño|borracho|borracha|arrastrando|gangoso",
        "hablo|habla mal|lento",
        "no me salen las? palabras",
        "no me|le|se sale|salen|salía|salia la|las? voz|palabras",
        "nopuedo hablar|articular",
        "dificultad|cuesta|problemas .. hablar|articular",
        "balbuce*",
        "hablo|habla|hablar trabad*|trabando|enredad*|enredando|arrastrad*",
        "no encuentro|encuentra|encontraba las? palabras",
        items="e1",
        rules=(when("SUDDEN", items="e1 e2"),),
    ),
    # ---- e2 ----
    sign(
        "stroke",
        "ictus|ictu|avc|acv|embolia|apoplejia|apoplejía",
        "derrame|infarto|ataque cerebral",
        "trombosis cerebral",
        items="e2",
        claims=True,
    ),
    sign(  # "un derrame" alone is a stroke; at the knee it is an effusion
        "derrame",
        "derrame",
        items="e2",
        rules=(when("KNEE_Q", maybe="u2"),),
    ),
    sign(
        "face drooping",
        "cara|boca|sonrisa|labio|parpado|párpado .. caida|caído|caido|caída|torc*|"
        "colgando|cuelga|ladead*|paraliz*|dormida|chuec*|desvi*|cae|cayendo|floja|tuerc*",
        "caida|caída|caido|caído|torc*|tuerc*|ladead*|chuec*|colgando|desvi* .. cara|boca|sonrisa",
        "lado de la|mi cara|boca",
        "paralisis facial|parálisis",
        items="e2",
    ),
    sign(
        "one-sided weakness",
        "@WEAK|@NUMB|durmi*|paraliz* .. lado",
        "lado izquierdo|derecho .. @WEAK|@NUMB|durmi*|paraliz*|muerto",
        "todo el lado izquierdo|derecho",
        "mitad del cuerpo",
        "paraliz*|paralisis|parálisis",
        "brazo|mano .. no me? responde|responden",
        "nopuedo levantar|mover .. brazo",
        "nopuedo mover|levantar .. lado|mitad|izquierd*|derech*",
        "nosiento la|el|mi? mitad|lado|medio",  # "no siento la mitad de la cara"
        items="e2",
    ),
    sign(
        "weak arm",
        "@ARM .. @WEAK|pesado|muerto",
        "@WEAK .. @ARM",
        maybe="e2",
        rules=(when("SUDDEN ONE_SIDE", items="e2"),),
    ),
    sign(
        "confused",
        "confundid*|confus*|desorient*|aturdid*",
        "cosas sin sentido",
        "incoherent*|incoherencias|disparates|desvari*",
        "no se|sé donde|dónde estoy",
        "no sabe|sabia|sabía donde|dónde esta|está|estaba|estoy",
        "nopuedo pensar",
        maybe="e2 u8",
        rules=(when("SUDDEN", items="e2"), when("MEDICINE", items="u8")),
    ),
    # ---- e3 ----
    sign(
        "chest pain",
        "@CHEST .. @PAIN|duel*|dol*|aplast*|cierra|cerrado|apretad*|oprimid*|encogid*",
        "@CHEST .. losa|plancha|piedra|elefante|ladrillo|yunque|peso",
        "losa|plancha|piedra|elefante|ladrillo|yunque .. @CHEST",
        "cierra|aprieta|encoge|oprime .. el pecho",
        "@PAIN|duel*|dol* .. @CHEST",
        "infarto|infartando",
        "ataque al? corazon|corazón|cardiaco|cardíaco",
        "angina|anginas de pecho",
        "corazon|corazón .. duele|dolor",
        items="e3",
    ),
    sign(
        "short of breath",
        "falta|faltaba|faltan .. aire|aliento|respiracion|respiración",
        "sin aliento|aire",
        "disnea",
        "fatiga al respirar",
        items="e3",
        calm="EXERTION",
    ),
    sign(
        "coughing blood",
        "tos*|escup*|expector*|esput* .. sangre",
        "sangre .. tos*|escup*|flema|flemas|esputo|expector*",
        "flema|flemas|esputo|esputos|mocos .. sangre",
        "hemoptisis",
        items="e3",
    ),
    # ---- e4 ----
    sign(
        "seizure",
        "convuls*|epilep*",
        "crisis|ataque epilep*",
        "ataque|ataques .. epilep*",
        "dio|dan|daba|dado|tuve|tuvo un ataque",
        items="e4",
    ),
    sign(
        "feeling faint",
        "casi|por poco me? desmay*",
        "voy a desmayarme",
        "a punto de desmayarme",
        "mareo|mareado|mareada de desmayo",
        maybe="e4 u9",
        rules=(when("STANDING THIRST", items="u9"),),
        claims=True,
    ),
    sign(
        "fainting",
        "desmay*",
        "perd* el? conocimiento|sentido",
        "perd* la? conciencia|consciencia",
        "inconsciente|inconsciencia",
        "desplom*|desvanec*",
        "patatus|patatús|soponcio|vahido|vahído",
        "sincope|síncope",
        "me quede|quedé inconsciente|k.o.",
        "quede|quedé|quedo|quedó|estaba|estuvo|cayo|cayó|cai|caí sin conocimiento|sentido",
        "cayo|cayó|cai|caí|caer|caerme redondo|redonda",  # "caer redondo": to collapse
        "me|se|le prive|privé|privo|privó|privaron|privan",
        "desperte|desperté|desperto|despertó|aparecí|aparecí|amaneci|amanecí en el suelo|piso",
        "se me fue el mundo",
        "se me apago|apagó todo|la luz",
        items="e4",
    ),
    sign(
        "jerking I can't stop",
        "sacud*|tembl*|tiembl*|convuls*|agitaba|espasmo|espasmos|brinc*|spasm*",
        needs="WHOLE_BODY",
        rules=(when("CAN_T_STOP+WHOLE_BODY", items="e4"),),
    ),
    # ---- e5 ----
    sign(
        "broken bone",
        "roto|rota|rompi|rompí|rompio|rompió|fractur*|quebrado|quebrada|partido|"
        "partida .. @LOWER|hueso|femur|fémur|tibia|perone|peroné|rotula|rótula",
        "@LOWER|hueso .. roto|rota|rompi*|fractur*|quebrad*|partida",
        "fractura|fracturas|luxacion|luxación|luxada|dislocad*|disloc*|disloqu*|luxo|luxó|luxe|luxé",
        "ve|veo|asoma|sale|salio|salió .. hueso",
        "hueso .. fuera|asoma",
        items="e5",
    ),
    sign(
        "heard a crack",  # as English "heard a crack": no fall needed
        "oi|oí|escuche|escuché|escucho|escuchó|oyo|oyó|senti|sentí .. crac|crack|chasquido|"
        "crujido|tronido|estallido",
        items="e5",
    ),
    sign(
        "crack",
        "crac|crack|chasquido|crujido|cruj*|chasq*|oi|oí|escuche|escuché .. crac|crack|ruido",
        "cruj*|chasq*|crac|crack|chasquido|crujido|trono|tronó|tronido",
        needs="INJURY",
        items="e5",
    ),
    sign(
        "deformed leg",
        "@LOWER .. deform*|angulo|ángulo|posicion|posición|sitio",
        "deform*",
        "salido|salio|salió|desplazad*|desencajad* .. @KNEE|hueso",
        "@KNEE|hueso .. salido|salio|salió|desplazad*|desencajad*",
        "de su? sitio",
        items="e5",
    ),
    sign(
        "leg pointing the wrong way",
        "@LOWER .. hacia|para fuera|afuera|atras|atrás|adentro|lado",
        "@LOWER .. raro|rara|rarisim*|rarísim*|extrañ*",
        "lado|posicion|posición|angulo|ángulo raro|rara|extraño|extraña|rarisim*|rarísim*",
        needs="INJURY",
        items="e5",
    ),
    sign(
        "no pulse in the foot",
        "no|sin pulso|pulsos .. pie|pies|pierna|tobillo",
        items="e5",
    ),
    sign(
        "cold pale leg",
        "@LOWER .. morad*|blanc*|blanquec*|palid*|pálid*|azul*|amoratad*|gris",
        items="e5",
    ),
    sign(
        "cold leg",
        "@LOWER .. frio|fría|fria|frío|helado|helada|congelado|congelada",
        "@LOWER .. como el|un|una? cubito|tempano|témpano|bloque? de? hielo",
        maybe="e5",
        rules=(when("INJURY COLOUR NUMB_Q", items="e5"),),
        calm="USUAL",
    ),
    sign(
        "can't feel my leg",
        "nosiento nada? .. @LOWER|muslo|rodilla",
        "nonoto el|la|los|las|mi|mis? @LOWER|muslo|rodilla",
        maybe="e5 g4",
        rules=(
            when("SADDLE", items="e6"),
            when("INJURY COLD", items="e5"),
            when("SUDDEN ONE_SIDE", items="e2"),
        ),
    ),
    sign(
        "not responding, jerking all over",
        "no responde|reacciona|contesta",
        needs="WHOLE_BODY",
        items="e4",
    ),
    sign("eyes rolled back", "ojos en blanco", "ojos .. pone|puso|vueltos|volteados", items="e4"),
    sign(
        "twisted leg",
        "@LOWER .. torcid*|retorcid*|doblad*",
        maybe="e5",
        rules=(when("INJURY", items="e5"),),
    ),
    sign(
        "breath cut short",
        "corta|cortó|corto|cortaba .. respiracion|respiración|aliento",
        items="e1",
    ),
    sign(
        "swallowing (a clitic)",
        "nopuedo|nopodia trag*",
        items="e1",
    ),
    sign(
        "can't move an arm or a leg",
        "nopuedo|nopodia mover|levantar .. @ARM|pierna|piernas",
        maybe="e2",
        rules=(when("SUDDEN ONE_SIDE", items="e2"),),
    ),
    sign(
        "nothing felt between the legs",
        "nosiento",
        "nonoto nada",
        needs="SADDLE",
        items="e6",
    ),
    sign(
        "can't feel my arm",
        "nosiento|nonoto nada? .. @ARM",
        maybe="e2 g4",
        rules=(when("SUDDEN ONE_SIDE", items="e2"),),
    ),
    sign(  # the toilet paper not felt: numbness between the legs
        "can't feel wiping",
        "nonoto|nosiento nada? .. limpio|limpiarme|limpiar .. ahi|ahí|abajo|culo|trasero|papel",
        items="e6",
    ),
    sign(
        "numb",
        "@NUMB|durmio|durmió|adormec*|entumec*",
        "se? me|le duerme|duermen|dormia|dormía|dormian|dormían",
        "entumi*|entumid*",
        "nosiento nada",
        "perdi|perdí|sin sensibilidad",
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
        "anestesia en silla de montar",
        "cauda equina",
        "sindrome de cola de caballo",
        items="e6",
    ),
    sign(
        "bladder or bowels",
        "mead*|meé|mee|orin*|meo|cague|cagué|cagado|cago .. encima",
        "hice|hecho|hago|hizo pis|pipi|pipí|caca|popo .. encima",
        "moj* .. cama|pantalon|pantalones|ropa",
        "orin*|mea*|meo .. en la cama|pantalon|pantalones|ropa",
        "hago|hice|hace pis|pipi|pipí en la cama",
        "nopuedo controlar|aguantar|retener .. orina|vejiga|pis|esfinter*|esfínter*|"
        "intestino|caca|heces|vientre",
        "perd* el? control .. vejiga|orina|esfinter*|esfínter*|intestino|vientre",
        "incontinencia",
        "nonoto|nosiento .. ganas|necesidad de? orinar|mear|hacer|ir",
        "nonoto|nosiento cuando .. orinar|mear|orino|meo|baño|pis|caca",
        "escap* .. pis|orina|caca",
        "se me? sale|salio|salió|salen .. pis|orina|caca|pipi|pipí",
        "pis|orina|caca .. se me? sale|salio|salió|escapa",
        "escapa|escapan|sale .. pis|pipi|pipí|orina|caca",
        "nopuedo orinar|mear|hacer",
        "retencion|retención de orina",
        "problemas .. orinar|vejiga|baño|intestino",
        items="e6",
    ),
    # ---- u1 ----
    sign(
        "blood clot",
        "trombo|trombos|trombosis|coagulo|coágulo|coagulos|coágulos|tvp|flebitis",
        items="u1",
    ),
    sign(
        "swollen thigh or calf",
        "@THIGHCALF .. @SWOLLEN|hinch*|inch*",
        "@SWOLLEN|hinch*|inch* .. @THIGHCALF",
        "mas|más @SWOLLEN|hinch*|inch* que la|el otra|otro",
        maybe="u1",
        rules=(when("REDHOT_Q PAIN_Q CLOT_RISK", items="u1"),),
    ),
    sign(
        "red hot thigh or calf",
        "@THIGHCALF .. @REDHOT",
        "@REDHOT .. @THIGHCALF",
        maybe="u1",
        rules=(when("REDHOT_Q SWELLING PAIN_Q", items="u1"),),
    ),
    # ---- u2 ----
    sign(
        "hot swollen knee",
        "@KNEE .. @SWOLLEN|hinch*|inch*|caliente|roja|rojo|ardiendo",
        "@SWOLLEN|hinch*|inch* .. @KNEE",
        "derrame en|de la? rodilla",
        "liquido|líquido|agua en la? rodilla",
        "@KNEE .. liquido|líquido|derrame",
        maybe="u2",
        rules=(when("FEVER", items="u2"),),
        calm="EXERTION",
    ),
    sign(  # "la rodilla me arde, está roja e hinchada": the knee named in another clause
        "swollen or red, the knee named near",
        "@SWOLLEN|hinch*|inch*|caliente|roja|rojo|ardiendo",
        needs="KNEE_Q",
        maybe="u2",
        rules=(when("FEVER", items="u2"),),
        calm="EXERTION",
    ),
    sign(
        "fever",
        "@FEVER|tirit*|escalofr*|febr*",
        maybe="u2 u8",
        rules=(when("MEDICINE", items="u8"),),
    ),
    # ---- u3 ----
    sign(
        "can't bear weight",
        "nopuedo caminar|andar|apoyar|pisar|estirar|extender|enderezar|doblar",
        "nopuedo .. peso|apoyar|estirar|extender",
        "nopuedo .. recta|recto|estirad*|extendid*|enderezar",
        "nopuedo poner el? pie",
        "no se estira",
        "nopuedo estar|estarme|mantenerme|ponerme|poner|quedarme de pie",
        "nopuedo pararme|sostenerme",
        "nopuedo mover|levantar|doblar|flexionar .. pierna|piernas|rodilla|rodillas",
        items="u3",
    ),
    sign(
        "hard to walk",
        "apenas|casi puedo? caminar|andar|apoyar",
        "cojeo|cojeando|cojear|cojera",
        "cuesta|dificultad .. caminar|andar",
        maybe="u3 u4",
    ),
    # ---- u4 ----
    sign(
        "knee gives way",
        "@LEG .. bloque*|falla|fallando|fallo|dobla|doblo|cede|cedio|cedió|engancha|atasca*|trab*",
        "bloque*|falla|fallando|dobla|cede|engancha .. @KNEE",
        "se me va la rodilla",
        "@LEG .. da|dio|cede|cedio|cedió camino|paso",
        "se me? va|iba|fue|van la|el @LEG",
        items="u4",
        claims=True,
    ),
    sign(
        "fell",
        "cai|caí|caido|caído|caida|caída|caer|caerme|caigo|cayo|cayó|tropece|tropecé|"
        "resbale|resbalé|tropezon|tropezón|costalazo|porrazo|batacazo|trompazo|guarrazo|"
        "talegazo|leñazo|culazo|sentadazo|caidon|caidón|resbalon|resbalón",
        "de bruces|morros|espaldas|culo",
        "me fui|di|vine al|contra el? suelo|piso",
        items="u4",
    ),
    # ---- u5 ----
    sign(
        "cramp",
        "calambre|calambres|calambrazo|calambrazos|acalambrad*|calanbr*|rampa|rampas",
        maybe="u5",
        rules=(when("LONG_CRAMP", items="u5"), when("SLEEP", items="g7")),
        calm="SHORT EXERTION PAST",
    ),
    sign(
        "dirty wound",
        "clavo|clavos oxidado|oxidados|oxidada",
        "tetanos|tétanos",
        "pise|pisé|clave|clavé .. clavo",
        "@WOUND .. sucia|sucio|infectada|infectado|pus|supura*|tierra|barro",
        items="u5",
    ),
    sign(
        "wound",
        "@WOUND",
        "me pinche|pinché|clave|clavé|corte|corté|raje|rajé|raspe|raspé",
        maybe="u5",
        rules=(when("DIRTY", items="u5"),),
        calm="CLEAN",
    ),
    # ---- u6 ----
    sign(
        "cola urine",
        "@URINE .. marron|marrón|cola|coca|cafe|café|negra|negro|te|té|cocacola",
        "color|colour .. cola|coca|cafe|café|marron|marrón",
        "rabdo*",
        items="u6",
        calm="YELLOW",
    ),
    sign(
        "dark urine",
        "@URINE .. oscur*|rojiza|rojo|roja|sangre|rara",
        "sangre en la? @URINE",
        maybe="u6 u9",
        rules=(when("MUSCLE_BAD", items="u6"),),
        calm="YELLOW",
    ),
    # ---- u7 ----
    sign(
        "tingling",
        "hormigue*|cosquille*|parestesia*",
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
        "@HEART .. irregular*|trompicones|arritmi*|descompas*|vuelco|vuelcos|salta|saltos|"
        "para|raro|desordenad*|salte*|desacompasad*|arritmic*|arrítmic*",
        "a trompicones",
        "@HEART .. falla|fallando|fallos|fallas",
        "a saltos",
        "salta|saltan|salto|saltea|saltando .. latido|latidos",
        "arritmi*|extrasistol*",
        items="u7",
    ),
    sign(
        "irregular, the heart named near",
        "irregular*|descompasad*|arritmic*|arrítmic*|desordenad*",
        "late|latiendo raro|extraño|rarisimo|rarísimo",
        needs="HEART_Q",
        items="u7",
    ),
    sign("palpitations", "palpitacion*", items="u7", calm="LEGS"),  # "en el muslo": the twitch
    sign(
        "racing heart",
        "@HEART .. mil|acelerado|desbocado|rapido|rápido|fuerte|aporrea|galopa|acelera*",
        "taquicardia|taquicardias",
        maybe="u7",
        rules=(when("MEDICINE", items="u8"),),
    ),
    # ---- u8 ----
    sign(
        "unwell on a medicine",
        "agitad*|sudando|sudor|sudores|sudoroso|sudorosa|sudo|inquiet*|nervios*|febril",
        needs="MEDICINE",
        items="u8",
    ),
    sign("serotonin", "sindrome|síndrome serotoninergico|serotoninérgico", items="u8"),
    # ---- u9 ----
    sign(
        "thirsty and dizzy",
        "mare*",
        "se me va la cabeza",
        "vueltas la cabeza",
        "todo .. da vueltas",
        "vertigo|vértigo|vertigos",
        maybe="u9",
        rules=(when("STANDING THIRST", items="u9"),),
    ),
    sign(  # no memory of a fall: it may have been a faint (asked, not assumed)
        "no memory of a fall",
        "cai|caí|caido|caído|desperte|desperté .. no recuerdo|recuerda|acuerdo",
        "no recuerdo .. caer|caida|caída|cai|caí",
        "no me acuerdo .. caer|caida|caída|cai|caí",
        maybe="e4",
    ),
    sign(  # "me quedé en blanco y me caí": the mind went blank, then a fall
        "blank, then a fall",
        "quede|quedé|quedo|quedó|puse|puso en blanco",
        needs="FALLDOWN",
        items="e4",
    ),
    sign(
        "blackout",
        "nubla|nublo|nubló|nublaba la vista",
        "se me? pone|puso|ponía|ponia|vuelve todo negro|oscuro",
        "se me fue|iba|va la vista",
        maybe="e4 u9",
        rules=(when("STANDING THIRST", items="u9"), when("FALLDOWN", items="e4")),
    ),
    sign(
        "very thirsty",
        "mucha|muchisima|muchísima|tanta|tremenda|horrible sed",
        "sed horrible|tremenda|insoportable|enorme",
        "muerto|muerta de sed",
        "muy deshidratado|deshidratada",
        maybe="u9",
        rules=(when("STANDING", items="u9"),),
    ),
    sign(
        "no urine",
        "no he|ha orinado|meado",
        "no he|ha ido a|al orinar|mear|baño|servicio",
        "no he|ha hecho pis|pipi|pipí",
        "no voy|fui|he|ha ido? al|a baño|servicio|orinar|mear",
        "no voy|fui|he|ha ido? a|al hacer pis|pipi|pipí",
        "no hago|hacia|hacía|hice pis|pipi|pipí",
        "no orino|meo",
        "sin orinar|mear",
        "sin hacer pis|pipi|pipí",
        "apenas|casi no? orino|meo|meando",
        "apenas|casi no? hago pis|pipi|pipí",
        "no me sale .. orina|pis",
        maybe="u9",
        rules=(when("NO_URINE_LONG", items="u9"),),
    ),
    # ---- see a GP ----
    sign(
        "weak leg",
        "@WEAK",
        "sin|pocas fuerzas|fuerza",
        "perd* fuerza",
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
        "cuesta|dificultad|nopuedo .. escaleras|subir",
        "arrastro|arrastrando el? pie|pierna",
        items="g2",
    ),
    sign(
        "thinner thigh",
        "@LEG .. delgad*|flac*|fina|fino|chupad*|pequeño|pequeña",
        "perd* musculo|músculo|masa|volumen",
        "atrofi*",
        "menos musculo|músculo",
        items="g3",
    ),
    sign("medicine", "@MED", items="g5"),
    sign(
        "leg pain",
        "@LEG .. duel*|dol*|@PAIN",
        "duel*|dol*|@PAIN .. @LEG",
        maybe="u1 g6",
        rules=(
            when("SWELLING+REDHOT_Q", items="u1"),
            when("NOT_EXERTION", items="g6"),
            when("FEVER", maybe="u2"),
            when("MILD", maybe="g6"),
        ),
        calm="EXERTION SHORT",
    ),
    sign("pain", "duele|dolor|duelen", needs="NOT_EXERTION", items="g6"),
    sign(
        "disturbed sleep",
        "@TWITCHWORD|calambre|calambres .. noche|noches|dormir|duermo|despiert*",
        "despiert*",
        "nopuedo dormir",
        "nomedeja dormir",
        needs="SPASMS",
        items="g7",
    ),
    # ---- the twitch ----
    sign(
        "twitch",
        "tiembl*|tembl*|fascicul*|espasm*|twitch*|tic|tics|calambrito*",
        twitch=True,
        calm="SETTLED WHOLE_BODY",
        rules=(when("ELSEWHERE", items="g1"), when("SLEEP", items="g7")),
    ),
    sign(
        "weak twitch",
        "debil|débil|flojito|leve|suave|pequeño|pequeños tembl*|temblorcito|tic|tics|espasmo*",
        "tembl*|temblorcito|tic|tics|espasmo* debil|débil|flojito|flojo|suave|suavecito",
        twitch=True,
        claims=True,
        calm="SETTLED WHOLE_BODY",
        rules=(when("ELSEWHERE", items="g1"), when("SLEEP", items="g7")),
    ),
    sign(
        "swollen, the calf named near",
        "hinchad*|hinchazon|hinchazón|inflamad*",
        needs="THIGHCALF_Q",
        maybe="u1",
        rules=(when("REDHOT_Q PAIN_Q CLOT_RISK", items="u1"),),
    ),
    sign(
        "moving muscle",
        "salt*|brinc*|late|latidos|latido|mueve|moviendo*|movi*|contrae|contracc*|palomitas|"
        "bicho|vibr*|pulsa|palpita|ondas|onda|olas|gusano*|bichito*|palpitacion*|pulsacion*|"
        "descarga*|pum",
        needs="PLACE PERSIST VISIBLE",
        twitch=True,
        calm="SETTLED WHOLE_BODY",
        rules=(when("BODY_PART", items="g1"), when("SLEEP", items="g7")),
    ),
)

HARMLESS: Final = (
    "ataque de risa|panico|pánico|ansiedad|nervios|tos|celos",
    "infarto con la|el|los|las",
    "cague|cagué|cagado|cagar de miedo",
    "caigo|caia|caía|cae|caer de sueño|cansancio",
    "se me cayo|cayó|cayeron|cae|caia|caía",
    "se le cayo|cayó",
    "cayo|cayó|cae|caen|cayeron|caes bien|mal|genial|fatal",
    "se me cae la baba|cara",
    "muero|muriendo de ganas|risa|sueño|hambre|verguenza|vergüenza|calor|frio|frío",
    "de todo corazon|corazón",
    "corazon|corazón roto|partido",
    "analisis|análisis de sangre",
    "quede|quedé|quedo|quedarme|queda dormido|dormida",
    "pecho de pollo",
    "a lo hecho pecho",
    "nosiento dolor|molestias|molestia|dolores",
    "nosiento nada raro",
    "nosiento hormigue*|cosquille*|pinchazos|calambres|debilidad|mareo|mareos|fiebre",
    "nosiento palpitaciones",
    "derrame en el|del ojo",
    "temperatura es|esta|está? normal|36|36,6|36.6|36,5|36.5|36,8|36.8|36,9|36.9",
    "mareo|mareos en el? coche|barco",
    "fit",
    "ahog* en un vaso de? agua",
    "cai|caí|caigo|caer|cayendo|caia|caía|caimos|caímos de la? risa",
    "sin aliento .. vista|vistas|paisaje|belleza|emocion|emoción|noticia",
    "dejo|dejó|deja|dejan|dejaron|dejaba sin aliento",
    "nonoto|nosiento nada de|raro|extraño|especial|malo|mas|más",  # "la vista me dejó sin aliento"
    "insolen*",
    "priv* de",
    "cort* el|las|los pelo|uñas|flequillo|barba",
    "pastillas|pastilla de magnesio|vitaminas|melatonina",
    "muy|estoy en forma",
)

NEGATION: Final = Negation(
    triggers=_words(
        "nonoto noesta no nunca jamas jamás sin ni nada ningun ningún ninguna ninguno tampoco"
    ),
    pseudo={
        "*": _words(
            "se sé creo idea para paro deja dejo dejan mejora mejoro pasa quita noche solo "
            "sola importa preocupa"
        ),
        "sin": _words("saber motivo razon razón sentido"),
        "no": _words("es"),
    },
    interjections=_words("no"),
    terminators=_words(
        "pero aunque sino excepto salvo mientras porque pues ahora entonces luego tambien "
        "también solo"
    ),
    clause_starters=_words(
        "yo mi mis ahora hoy ayer anoche tambien también pero y entonces solo de repente esta este"
    ),
    joiners=_words("o y"),
    list_needs_sign=True,
    post=_words("no nada ninguno nonoto"),
    fillers=_words("tengo tenia tenía he hay noto siento me"),
    cancel=(
        "asi|así",
        "como este|esta|esto|hoy",
        "hasta ahora|hoy|hace",
        "esta|este|tal|tanta|tanto presion|presión|dolor|opresion|opresión|sensacion|sensación",
    ),
)

SPELLING: Final = {
    "pesho": "pecho",
    "q": "que",
    "xq": "porque",
    "pq": "porque",
    "d": "de",
    "tb": "tambien",
    "tmb": "tambien",
    "calanbre": "calambre",
    "inchado": "hinchado",
    "hinchao": "hinchado",
    "hinchá": "hinchada",
    "kalambre": "calambre",
    "inchada": "hinchada",
    "corazon": "corazón",
    "pexo": "pecho",
    "dolo": "dolor",
    "desmaye": "desmayé",
    "desmallé": "desmayé",
    "desmalle": "desmayé",
    "desmallo": "desmayo",
    "respirrar": "respirar",
    "resprirar": "respirar",
    "tiemblaa": "tiembla",
    "piernaaa": "pierna",
    "musculo": "músculo",
    "convulcion": "convulsión",
    "convulciones": "convulsiones",
    "cuadricep": "cuadriceps",
}

PHRASES: Final = {
    "no puedo ni": "nopuedo",  # "no puedo ni tragar": an emphasis, not a second negation
    "no podia ni": "nopuedo",
    "no podía ni": "nopuedo",
    "no pude ni": "nopuedo",
    "no puedo": "nopuedo",
    "no me puedo": "nopuedo",
    "sin poder": "nopuedo",
    "de la nada": "derepente",  # "suddenly": no negation
    "no podia": "nopuedo",
    "no lo podia": "nopuedo",
    "no lo podía": "nopuedo",
    "no lo pude": "nopuedo",
    "no lo puedo": "nopuedo",
    "no podía": "nopuedo",
    "no pude": "nopuedo",
    "no consigo": "nopuedo",
    "no tengo": "no",
    "no he tenido": "no",
    "no tuve": "no",
    "no se me": "no me",  # a negated reflexive, not "no sé"
    "no esta": "noesta",  # "esta" starts a clause ("esta mañana"), not after "no"
    "no está": "noesta",
    "no se le": "no le",
    "no logro": "nopuedo",
    "no logré": "nopuedo",
    "no aguanto": "nopuedo aguantar",
    "no me aguanto": "nopuedo aguantar",
    "no puedo aguantar": "nopuedo aguantar",
    "no hablo bien": "hablo mal",
    "no habla bien": "habla mal",
    "no se le entiende": "habla raro",
    "no se me entiende": "hablo raro",
    "no soy capaz de": "nopuedo",
    "no puede": "nopuedo",
    "no siento": "nosiento",
    "no me siento": "nosiento",
    "no noto": "nonoto",
    "no controlo": "nopuedo controlar",
    "no retengo": "nopuedo retener",
    "no me deja": "nomedeja",
    "no me dejan": "nomedeja",
    "no se si": "quizas",
    "no sé si": "quizas",
    "no estoy seguro": "quizas",
    "no estoy segura": "quizas",
    "no se que": "quizas que",
    "no sé qué": "quizas que",
    "media hora": "30 minutos",
    "un cuarto de hora": "15 minutos",
    "cuarto de hora": "15 minutos",
    "tres cuartos de hora": "45 minutos",
    "no la puedo": "nopuedo",
    "no las puedo": "nopuedo",
    "no los puedo": "nopuedo",
    "una hora": "60 minutos",
    "coca cola": "cola",
    "me cuesta": "cuesta",
    "al toser": "tos",
}

NUMBERS: Final = {
    "un": 1,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "quince": 15,
    "veinte": 20,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "par": 2,
    "varios": 3,
    "varias": 3,
}

UNITS: Final = {
    "s": 0,
    "seg": 0,
    "segs": 0,
    "segundo": 0,
    "segundos": 0,
    "min": 1,
    "mins": 1,
    "minuto": 1,
    "minutos": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hora": 60,
    "horas": 60,
    "dia": 1440,
    "día": 1440,
    "dias": 1440,
    "días": 1440,
}

LEXICON: Final = Lexicon(
    language="es",
    classes=CLASSES,
    qualifiers=QUALIFIERS,
    signs=SIGNS,
    harmless=HARMLESS,
    negation=NEGATION,
    spelling=SPELLING,
    phrases=PHRASES,
    symbols={"&": "y", "+": "y"},
    numbers=NUMBERS,
    units=UNITS,
    durations={"CRAMP": t.CRAMP_URGENT_MINUTES, "NO_URINE": t.NO_URINE_HOURS * 60},
    fuzzy=_words(
        "respirar respiracion tragar desmayado desmayarme convulsion convulsiones epileptico "
        "conocimiento inconsciente confundido confundida hinchado hinchada hinchazon "
        "calambre calambres hormigueo palpitaciones irregular medicamento medicamentos "
        "escalofrios temblando tiembla debilidad adormecido adormecida entumecido fracturado "
        "incontinencia pantorrilla rodilla cuadriceps"
    ),
    not_fuzzy=_words("temblado tramando factura facturas facturar"),
    stretched=True,
    typo_min=6,
    digraphs={"ll": "y"},  # "rodiya", "desmallé": yeísmo spellings read as typed either way
    gap=4,
)
