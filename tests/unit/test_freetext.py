"""The free-text red-flag reader (``bot/domain/freetext.py``; contract: issue 8 point 1).

Tables of typed messages with what the reader must make of them. These are the reader's own cases
(the tuning corpus lives in ``tests/freetext_corpus``)."""

from __future__ import annotations

import random

import pytest

from bot.domain import freetext, lexicon_en
from bot.domain.freetext import HEAT_ILLNESS, MAX_CHARS, Reading, read
from bot.domain.model import Urgency
from bot.domain.triage import EMERGENCY_ITEMS, GP_ITEMS, SAME_DAY_ITEMS

ALARM = (Urgency.URGENT_TODAY, Urgency.EMERGENCY)


def ids(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- the contract's own examples, read exactly ---------------------------------------------------

CONTRACT = [
    # text, items, maybe, twitch
    ("no chest pain", "", "", False),
    ("No, I have chest pain", "e3", "", False),
    ("never had chest pain like this before", "e3", "", False),
    ("isn't it odd that my chest hurts", "e3", "", False),
    ("not sure if it's chest pain", "e3", "", False),
    ("numb between my legs", "e6", "", False),
    ("my leg is numb", "", "e5 g4", False),
    ("cramp for 20 minutes", "u5", "", False),
    ("cramp", "", "u5", False),
    ("sudden weakness on one side", "e2", "", False),
    ("my leg feels weak", "", "e2 g2", False),
    ("my thigh looks thinner", "g3", "", False),
    ("heat stroke", HEAT_ILLNESS, "", False),
    ("sunstroke", HEAT_ILLNESS, "", False),
    ("my dad had a stroke", "e2", "", False),
    ("stroke of luck", "", "", False),
    ("breast stroke", "", "", False),
    ("heart of the matter", "", "", False),
    ("breathtaking", "", "", False),
    ("I'm dying to know", "", "", False),
    ("chest of drawers", "", "", False),
    ("pain in the neck", "", "", False),
    ("the twitching won't stop", "", "", True),
    ("it keeps jerking", "", "", True),
    ("muscle jumping nonstop", "", "", True),
    ("jerking I can't stop in my whole body", "e4", "", False),
    ("I had a fit", "e4", "", False),
    ("convulsing", "e4", "", False),
    ("seizure", "e4", "", False),
    ("my thigh hurts", "", "u1 g6", False),
    ("my heart is racing", "", "u7", False),
]


@pytest.mark.parametrize(("text", "items", "maybe", "twitch"), CONTRACT)
def test_contract_examples(text: str, items: str, maybe: str, twitch: bool) -> None:
    assert read(text) == Reading(ids(items), ids(maybe), twitch=twitch, language="en")


# --- every checklist item, in the words people type ----------------------------------------------

# A sign named with its qualifier: that item at once.
AT_ONCE = [
    ("I can hardly breathe", "e1"),
    ("struggling for breath", "e1"),
    ("gasping for air", "e1"),
    ("I'm choking", "e1"),
    ("can't get any air in", "e1"),
    ("my throat is closing up", "e1"),
    ("food keeps getting stuck when I swallow", "e1"),
    ("it's hard to talk, my words come out wrong", "e1"),
    ("my words are coming out wrong", "e1"),
    ("cant get my words out", "e1"),
    ("I keep slurring", "e1"),
    ("breathing is really difficult right now", "e1"),
    ("difficulty in breathing", "e1"),
    ("brething is hard", "e1"),
    ("can't swallow properly", "e1"),
    ("having trouble swallowing", "e1"),
    ("im struggling to breathe", "e1"),
    ("breathing feels weird and shallow", "e1"),
    ("can't swallow my spit", "e1"),
    ("i feel like i'm suffocating", "e1"),
    ("wheezing badly", "e1"),
    ("my tongue feels thick and my speech is weird", "e1"),
    ("can't talk properly", "e1"),
    ("my words are jumbled", "e1"),
    ("help i cant breath properly", "e1"),
    ("cant brethe", "e1"),
    ("speech is garbled", "e1"),
    ("cant breath rn help", "e1"),
    ("i literally cant get air in", "e1"),
    ("finding it hard to breathe", "e1"),
    ("my breathing is really laboured", "e1"),
    ("its getting hard to swallow", "e1"),
    ("choking on my food", "e1"),
    ("trouble getting my words out", "e1"),
    ("my speech went funny", "e1"),
    ("bf says im slurring", "e1"),
    ("my wife says my speech is slurred and my face looks droopy", "e1 e2"),
    ("CANT BREATHE", "e1"),
    ("cant breathe properly help", "e1"),
    ("i can barely breathe", "e1"),
    ("can't swallow and I'm drooling", "e1"),
    ("struggling to swallow", "e1"),
    ("slurry speech", "e1"),
    ("talking gibberish", "e1"),
    ("breathing is short", "e1"),
    ("my face has dropped on one side", "e2"),
    ("my face feels numb on one side", "e2"),
    ("the left side of my face is numb", "e2"),
    ("my arm went weak", "e2"),
    ("arm suddenly went dead and floppy", "e2"),
    ("i cant lift my arm", "e2"),
    ("half my body feels numb", "e2"),
    ("he is having a stroke", "e2"),
    ("could this be a stroke", "e2"),
    ("i think i had a mini stroke", "e2"),
    ("suddenly really confused", "e2"),
    ("my right side went weak suddenly", "e2"),
    ("face droopy", "e2"),
    ("crooked smile suddenly", "e2"),
    ("one side of my face has gone numb", "e2"),
    ("my smile is lopsided", "e2"),
    ("face is drooping on the right", "e2"),
    ("my dad's face is drooping and he can't lift his arm", "e2"),
    ("left arm and leg weak all of a sudden", "e2"),
    ("I'm really confused all of a sudden", "e2"),
    ("suddenly my right side is numb", "e2"),
    ("i think im having a stroke", "e2"),
    ("my arm went numb and weak suddenly", "e2"),
    ("face went droopy on one side", "e2"),
    ("left side of my face feels weird and numb", "e2"),
    ("drooping mouth", "e2"),
    ("my mum's face has dropped", "e2"),
    ("suddenly can't move my left arm", "e2"),
    ("weakness down my right side", "e2"),
    ("numbness down my left side", "e2"),
    ("he's acting confused all of a sudden", "e2"),
    ("I was at work and all of a sudden my left arm went numb and my face felt funny", "e2"),
    ("my grandad had a stroke, should I worry?", "e2"),
    ("I can't tell if my face is drooping", "e2"),
    ("face looks lopsided", "e2"),
    ("my face went numb suddenly", "e2"),
    ("my arm is suddenly weak", "e2"),
    ("can't raise both arms", "e2"),
    ("sudden numbness in my arm and face", "e2"),
    ("left side weakness", "e2"),
    ("my chest is really hurting", "e3"),
    ("tight chest", "e3"),
    ("tightness in my chest", "e3"),
    ("pressure in my chest", "e3"),
    ("chest feels tight", "e3"),
    ("pains in my chest", "e3"),
    ("sharp pain in the chest", "e3"),
    ("my chest is killing me", "e3"),
    ("chesst pain", "e3"),
    ("shortness of breath", "e3"),
    ("im short of breath", "e3"),
    ("suddenly breathless", "e3"),
    ("coughing blood", "e3"),
    ("I coughed blood", "e3"),
    ("spitting up blood", "e3"),
    ("out of breath just sitting here", "e3"),
    ("heart attack?", "e3"),
    ("my chest feels tight and heavy", "e3"),
    ("chest is tight", "e3"),
    ("chest hurts when i breathe", "e3"),
    ("stabbing chest pain", "e3"),
    ("aching chest", "e3"),
    ("chest pian", "e3"),
    ("sore chest", "e3"),
    ("breathless", "e3"),
    ("i get short of breath walking upstairs", "e3"),
    ("coughing up blood and twitching", "e3"),
    ("blood in my phlegm", "e3"),
    ("chest tightness", "e3"),
    ("it feels like an elephant sitting on my chest", "e3"),
    ("pain in chest", "e3"),
    ("my chest aches", "e3"),
    ("chest discomfort", "e3"),
    ("short of breath all of a sudden", "e3"),
    ("breathless and dizzy", "e3"),
    ("coughed up some blood", "e3"),
    ("went for a run, came back, now my chest is tight and i'm struggling to breathe", "e3 e1"),
    ("i dont usually complain but ive had chest pain all morning", "e3"),
    ("CHEST PAIN!!", "e3"),
    ("chest pains and sweating", "e3"),
    ("tight feeling in my chest", "e3"),
    ("my chest feels heavy", "e3"),
    ("heaviness in chest", "e3"),
    ("chest is burning", "e3"),
    ("pain across my chest", "e3"),
    ("short of breath and chest tight", "e3"),
    ("cough with blood", "e3"),
    ("I passed out", "e4"),
    ("i blacked out", "e4"),
    ("i fainted this morning", "e4"),
    ("I collapsed at work", "e4"),
    ("had a seizure last night", "e4"),
    ("siezure", "e4"),
    ("having convulsions", "e4"),
    ("my son had a fit", "e4"),
    ("i keep fainting", "e4"),
    ("knocked out cold", "e4"),
    ("I was unconscious", "e4"),
    ("i passed out for a second", "e4"),
    ("I lost consciousness", "e4"),
    ("my whole body is shaking and won't stop", "e4"),
    ("jerking all over and I can't stop", "e4"),
    ("woke up on the floor", "e4"),
    ("I fainted twice today", "e4"),
    ("i passed out on the floor", "e4"),
    ("blacked out", "e4"),
    ("i had a fit last night", "e4"),
    ("i have fits", "e4"),
    ("my body was convulsing", "e4"),
    ("seizing", "e4"),
    ("i'm shaking uncontrollably all over", "e4"),
    ("my whole body keeps jerking", "e4"),
    ("I collapsed", "e4"),
    ("i keep passing out", "e4"),
    ("i went down and lost consciousness", "e4"),
    ("passed out at the gym", "e4"),
    ("fainted in the shower", "e4"),
    ("I blacked out for a bit", "e4"),
    ("my mate had a seizure", "e4"),
    ("I think I had a seizure", "e4"),
    ("convulsions", "e4"),
    ("I keep blacking out", "e4"),
    ("I went unconscious for a few seconds", "e4"),
    ("my leg is shaking uncontrollably and now my whole body", "e4"),
    ("not sure if this matters but I passed out last night", "e4"),
    ("my brother fainted yesterday", "e4"),
    ("no idea if it's a seizure but I was shaking all over and can't remember", "e4"),
    ("I haven't been dizzy but I fainted", "e4"),
    ("fainted!!", "e4"),
    ("I fainted earlier today", "e4"),
    ("passed out twice", "e4"),
    ("blacked out while driving", "e4"),
    ("had a blackout", "e4"),
    ("i had a funny turn and lost consciousness", "e4"),
    ("he's fitting", "e4"),
    ("uncontrollable jerking of my whole body", "e4"),
    ("heard a snap in my knee", "e5"),
    ("felt a pop then my knee gave out", "e5"),
    ("my kneecap popped out", "e5"),
    ("my kneecap is out of place", "e5"),
    ("dislocated my knee", "e5"),
    ("leg looks deformed", "e5"),
    ("my leg is bent wrong", "e5"),
    ("my foot is cold and white", "e5"),
    ("my foot is blue", "e5"),
    ("toes have gone blue", "e5"),
    ("my foot is numb and cold after I fell", "e5"),
    ("bone sticking out", "e5"),
    ("i think its fractured", "e5"),
    ("cant feel my foot after the accident", "e5"),
    ("fell and heard a crack", "e5"),
    ("something snapped in my knee", "e5"),
    ("my knee popped and now it's swollen", "e5"),
    ("my kneecap moved to the side", "e5"),
    ("my foot is pale and cold", "e5"),
    ("my leg is white and freezing", "e5"),
    ("my toes are purple and cold", "e5"),
    ("leg looks out of shape after the crash", "e5"),
    ("broke my ankle", "e5"),
    ("i think my leg is broken", "e5"),
    ("I can't feel my legs", "e5"),
    ("heard a pop in my knee and it's swollen", "e5"),
    ("felt something snap above my kneecap", "e5"),
    ("my knee looks deformed", "e5"),
    ("my foot has gone grey", "e5"),
    ("my leg has gone cold and pale", "e5"),
    ("I can't feel my foot after I fell", "e5"),
    ("my kneecap dislocated", "e5"),
    ("I don't want to make a fuss but I can't feel my foot and it's cold", "e5"),
    ("my ankle is pointing the wrong way", "e5"),
    ("leg is numb and cold after the accident", "e5"),
    ("knee is out of place", "e5"),
    ("my kneecap is sideways", "e5"),
    ("heard it snap", "e5"),
    ("bone is showing", "e5"),
    ("leg is white and cold", "e5"),
    ("I wet myself", "e6"),
    ("lost control of my bladder", "e6"),
    ("i cant control my bowels", "e6"),
    ("cant hold my pee", "e6"),
    ("i had an accident in my pants", "e6"),
    ("I can't pee", "e6"),
    ("can't feel when I need to pee", "e6"),
    ("numb around my bum", "e6"),
    ("numbness in my groin", "e6"),
    ("no feeling between my legs", "e6"),
    ("pins and needles between my legs", "e6"),
    ("tingling in my privates", "e6"),
    ("I've become incontinent", "e6"),
    ("peed myself", "e6"),
    ("my bladder isn't working", "e6"),
    ("leaking urine", "e6"),
    ("numb bum", "e6"),
    ("my privates are numb", "e6"),
    ("tingly between my legs", "e6"),
    ("I can't feel my genitals", "e6"),
    ("i pissed myself", "e6"),
    ("i soiled myself", "e6"),
    ("i wet the bed", "e6"),
    ("i cant wee", "e6"),
    ("trouble peeing", "e6"),
    ("i have no bladder control", "e6"),
    ("problems with my bowels", "e6"),
    ("lost bladder control", "e6"),
    ("i wet myself today", "e6"),
    ("i keep wetting myself", "e6"),
    ("i can't tell when i need the toilet", "e6"),
    ("I haven't been able to pee", "e6"),
    ("i cant feel my bum", "e6"),
    ("numb in the saddle area", "e6"),
    ("lost feeling down there", "e6"),
    ("no big deal but i wet myself earlier", "e6"),
    ("I've been leaking urine", "e6"),
    ("my back hurts and I can't pee", "e6"),
    ("can't feel myself when I wipe", "e6"),
    ("numbness around my anus", "e6"),
    ("i had a bowel accident", "e6"),
    ("wet myself twice today", "e6"),
    ("cant control my wee", "e6"),
    ("my calf is red and hot", "u1"),
    ("calf is swollen and sore", "u1"),
    ("my thigh is swollen and painful", "u1"),
    ("swollen calf that hurts", "u1"),
    ("DVT", "u1"),
    ("my calf is swollen and warm", "u1"),
    ("my leg is swollen and red", "u1"),
    ("my calf is really swollen and it hurts", "u1"),
    ("calf is red, hot and swollen", "u1"),
    ("my leg is hot and swollen after a long flight", "u1"),
    ("the back of my calf is warm and red", "u1"),
    ("i think i have a dvt", "u1"),
    ("thigh swollen and tender", "u1"),
    ("my calf is swollen and tender", "u1"),
    ("one leg is swollen and painful", "u1"),
    ("my calf is hot and red", "u1"),
    ("calf is purple and swollen", "u1"),
    ("thigh is red and swollen", "u1"),
    ("hey, sorry to bother, my calf is really swollen and red since my flight", "u1"),
    ("had surgery 2 weeks ago and now my calf is swollen", "u1"),
    ("calf swollen hot and red", "u1"),
    ("painful swollen calf", "u1"),
    ("my calf is huge and hurts", "u1"),
    ("leg swollen and painful on one side", "u1"),
    ("thigh is swollen and feels hot", "u1"),
    ("swollen red knee and a fever", "u2"),
    ("knee is hot and swollen and I have a temperature", "u2"),
    ("my knee is red and hot and i feel shivery", "u2"),
    ("knee swollen and hot, feel feverish", "u2"),
    ("hot knee and chills", "u2"),
    ("my knee is inflamed and i have a fever", "u2"),
    ("knee is swollen and hot and I'm shivering", "u2"),
    ("swollen knee and a high temperature", "u2"),
    ("red hot swollen knee with fever", "u2"),
    ("knee swollen and hot plus chills", "u2"),
    ("cant walk", "u3"),
    ("I can't walk on it", "u3"),
    ("i cant stand on my leg", "u3"),
    ("can't straighten my knee", "u3"),
    ("cannot bear weight", "u3"),
    ("unable to walk", "u3"),
    ("my leg won't take my weight", "u3"),
    ("can't walk properly", "u3"),
    ("can't stand up", "u3"),
    ("i cant bend or straighten my knee", "u3"),
    ("can't lift my leg", "u3"),
    ("can't weight bear", "u3"),
    ("cannot walk", "u3"),
    ("can't straighten my leg", "u3"),
    ("i can't stand on it", "u3"),
    ("can't walk or stand", "u3"),
    ("no pain but I can't straighten my knee", "u3"),
    ("I can't walk on my leg", "u3"),
    ("i cant fully straighten my knee", "u3"),
    ("my leg won't hold me", "u3"),
    ("can't take any weight on it", "u3"),
    ("my knee gave way", "u4"),
    ("knee keeps giving out", "u4"),
    ("knee locked", "u4"),
    ("my knee locked up and won't bend", "u4"),
    ("I fell over", "u4"),
    ("I had a fall", "u4"),
    ("I fell on my knee", "u4"),
    ("I tripped and fell", "u4"),
    ("my leg collapsed under me", "u4"),
    ("leg gave out", "u4"),
    ("knee buckles", "u4"),
    ("my knee keeps locking up", "u4"),
    ("I slipped and fell", "u4"),
    ("fell down the stairs", "u4"),
    ("knee got stuck", "u4"),
    ("knee gives out", "u4"),
    ("my knee just gave way", "u4"),
    ("my knee locks", "u4"),
    ("i fell today", "u4"),
    ("I've fallen twice", "u4"),
    ("fell over yesterday", "u4"),
    ("not painful but my knee keeps giving way", "u4"),
    ("knee giving way", "u4"),
    ("my knee gave out on me", "u4"),
    ("fell on the ice", "u4"),
    ("i've had a fall", "u4"),
    ("tripped over and hurt my knee", "u4"),
    ("cramp for half an hour", "u5"),
    ("cramp lasting 15 minutes", "u5"),
    ("my calf cramp has lasted 30 mins", "u5"),
    ("cramp for over an hour", "u5"),
    ("cramp that won't go away", "u5"),
    ("charley horse for 20 min", "u5"),
    ("a cramp that won't ease after 15 minutes", "u5"),
    ("got a cut from a rusty nail", "u5"),
    ("cut my leg and it has dirt in it", "u5"),
    ("the wound is infected", "u5"),
    ("could I need a tetanus shot", "u5"),
    ("cramp that lasted 30 minutes", "u5"),
    ("cramp for an hour", "u5"),
    ("i've had cramp for 15 mins", "u5"),
    ("cramping for 45 minutes and it won't stop", "u5"),
    ("calf cramp won't go away", "u5"),
    ("bad cramp still going after 20 min", "u5"),
    ("dirty wound on my knee", "u5"),
    ("scraped my knee on gravel", "u5"),
    ("stepped on a nail", "u5"),
    ("the cramp has been going for 30 minutes", "u5"),
    ("cramp over ten minutes", "u5"),
    ("cramp for ages and it won't stop", "u5"),
    ("a dirty cut", "u5"),
    ("cut on a rusty fence", "u5"),
    ("cut my knee and it's full of dirt", "u5"),
    ("knee is twitching and now I have a cramp that has lasted 25 minutes", "u5"),
    ("cramp in my thigh for 20 mins", "u5"),
    ("leg cramp over 10 minutes", "u5"),
    ("i have had a cramp for an hour", "u5"),
    ("cramp for 2 hours", "u5"),
    ("cramp lasting more than ten minutes", "u5"),
    ("cut myself on barbed wire", "u5"),
    ("my graze is full of dirt", "u5"),
    ("my pee is dark brown", "u6"),
    ("cola coloured urine", "u6"),
    ("urine the colour of cola", "u6"),
    ("peeing brown", "u6"),
    ("tea coloured pee", "u6"),
    ("urine is brown", "u6"),
    ("dark brown urine", "u6"),
    ("pee looks like coca cola", "u6"),
    ("my wee is brown", "u6"),
    ("my urine is dark brown", "u6"),
    ("pee is like cola", "u6"),
    ("brown urine after the gym", "u6"),
    ("no fever but my pee is brown", "u6"),
    ("pee the colour of coke", "u6"),
    ("urine looks like black tea", "u6"),
    ("dark brown wee", "u6"),
    ("tingling lips", "u7"),
    ("tingling around my mouth", "u7"),
    ("my lips are tingling", "u7"),
    ("numb lips", "u7"),
    ("my heart is skipping beats", "u7"),
    ("heart keeps skipping", "u7"),
    ("my heart is fluttering", "u7"),
    ("tingling in my fingers and around my lips", "u7"),
    ("numbness around my mouth", "u7"),
    ("heart beating irregularly", "u7"),
    ("irregular pulse", "u7"),
    ("my heart keeps missing beats", "u7"),
    ("heart flipping", "u7"),
    ("my heart feels like it skips", "u7"),
    ("tingly lips and my hands are cramping", "u7"),
    ("my lips feel numb and tingly", "u7"),
    ("my heart is skipping", "u7"),
    ("irregular heart beat", "u7"),
    ("heart feels like its fluttering", "u7"),
    ("twitching and my lips are tingling", "u7"),
    ("i'm not sure if it's serious but my heart keeps skipping beats", "u7"),
    ("lips tingling and hands cramping", "u7"),
    ("tingling around my lips", "u7"),
    ("heart missing beats", "u7"),
    ("irregular heartbeat and twitching", "u7"),
    ("agitated after starting sertraline", "u8"),
    ("sweating and shaky after new meds", "u8"),
    ("confused since the new pills", "u8"),
    ("feverish since they increased my dose", "u8"),
    ("started new meds and now feel agitated", "u8"),
    ("since upping my dose im sweating loads", "u8"),
    ("new antidepressant and i have a fever", "u8"),
    ("confused and sweaty since changing tablets", "u8"),
    ("new medication, feel agitated and sweaty", "u8"),
    ("I started fluoxetine and I'm shaking and sweating", "u8"),
    ("my dose went up and I'm confused", "u8"),
    (
        "the twitch is fine but i've just started new tablets, i feel really agitated and sweaty",
        "u8",
    ),
    ("started a new drug and now I'm agitated", "u8"),
    ("feverish and shaky since switching meds", "u8"),
    ("really sweaty since the dose was increased", "u8"),
    ("so thirsty and dizzy", "u9"),
    ("very thirsty and lightheaded", "u9"),
    ("dizzy when i stand up", "u9"),
    ("haven't peed in 9 hours", "u9"),
    ("haven't had a wee all day", "u9"),
    ("no pee since this morning", "u9"),
    ("I've not urinated for 10 hours", "u9"),
    ("haven't been to the toilet all day", "u9"),
    ("dizzy every time I stand", "u9"),
    ("head spins when i stand up", "u9"),
    ("really thirsty and dizzy", "u9"),
    ("haven't peed for 12 hours", "u9"),
    ("not been for a wee since yesterday", "u9"),
    ("no wee for 10 hours", "u9"),
    ("i haven't urinated all day", "u9"),
    ("dizzy when I stand up and thirsty", "u9"),
    ("I haven't weed in 10 hours", "u9"),
    ("not had a pee for 9 hours", "u9"),
    ("haven't urinated since yesterday", "u9"),
    ("everything spins when I stand", "u9"),
    ("I'm not dizzy, but I haven't peed in 12 hours", "u9"),
    ("i havent needed a wee all day", "u9"),
    ("haven't peed since this morning", "u9"),
    ("no urine all day", "u9"),
    ("I feel dizzy when I stand", "u9"),
    ("dizzy and very thirsty", "u9"),
    ("heat stroke", "heat"),
    ("heatstroke", "heat"),
    ("heat exhaustion", "heat"),
    ("sunstroke", "heat"),
    ("I think I got heat stroke", "heat"),
    ("got heatstroke", "heat"),
    ("heat stroke i think", "heat"),
]


@pytest.mark.parametrize(("text", "items"), AT_ONCE)
def test_a_qualified_sign_names_its_item_at_once(text: str, items: str) -> None:
    reading = read(text)
    assert ids(items) <= reading.items, reading
    assert reading.level is not None
    assert reading.level >= max(freetext.ITEM_LEVELS[i] for i in ids(items))


# A sign without its qualifier: the items it may mean, to ask "Which of these fits?".
ASK = [
    ("I feel weak", "e2"),
    ("my arm feels weak", "e2"),
    ("my leg feels weak and heavy", "e2 g2"),
    ("legs feel weak", "e2 g2"),
    ("arm feels weak", "e2"),
    ("I'm a bit confused", "e2"),
    ("im confused", "e2"),
    ("my arm feels heavy", "e2"),
    ("legs are weak", "e2 g2"),
    ("feel weak", "e2 g2"),
    ("I'm not thinking clearly", "e2"),
    ("I feel faint", "e4"),
    ("my foot is cold", "e5"),
    ("numb foot", "e5 g4"),
    ("numbness in my leg", "e5 g4"),
    ("my foot is numb", "e5 g4"),
    ("thigh is numb", "e5 g4"),
    ("legs are numb", "e5 g4"),
    ("my leg has gone dead", "e5 g4"),
    ("my legs are numb", "e5 g4"),
    ("numb leg", "e5 g4"),
    ("my thigh is numb", "e5 g4"),
    ("my leg hurts", "u1 g6"),
    ("thigh pain", "u1 g6"),
    ("my calf hurts", "u1 g6"),
    ("swollen calf", "u1"),
    ("calf is sore", "u1 g6"),
    ("my calf is tender", "u1"),
    ("calf ache", "u1 g6"),
    ("my knee is hot", "u2"),
    ("swollen knee", "u2"),
    ("my knee is swollen and sore", "u2"),
    ("knee is red", "u2"),
    ("i feel feverish", "u2"),
    ("my knee is hot and swollen", "u2"),
    ("my knee is hot", "u2"),
    ("I'm limping", "u3"),
    ("i cant put my foot down", "u3"),
    ("cramp", "u5"),
    ("I have a cramp in my thigh", "u5"),
    ("i've got a cut", "u5"),
    ("cramp in my calf", "u5"),
    ("i've got a cramp", "u5"),
    ("cramp again", "u5"),
    ("my pee is dark", "u6"),
    ("my pee is dark", "u6"),
    ("my pee is dark", "u6"),
    ("palpitations and twitching", "u7"),
    ("my heart is pounding", "u7"),
    ("heart racing", "u7"),
    ("my heart is racing", "u7"),
    ("heart pounding", "u7"),
    ("my heart is thumping", "u7"),
    ("heart is racing", "u7"),
    ("heart beating fast", "u7"),
    ("I feel lightheaded", "u9"),
    ("I haven't peed", "u9"),
    ("i feel dizzy", "u9"),
    ("i'm very thirsty", "u9"),
    ("dizzy", "u9"),
    ("i feel lightheaded", "u9"),
    ("my knee is sore", "g6"),
    ("my knee hurts", "g6"),
]


@pytest.mark.parametrize(("text", "items"), ASK)
def test_a_sign_without_its_qualifier_is_asked_about(text: str, items: str) -> None:
    reading = read(text)
    assert ids(items) <= reading.items | reading.maybe, reading
    assert reading.maybe or reading.items
    assert not reading.items & reading.maybe


# Words that only match a see-a-GP item.
SEE_GP = [
    ("the twitching spreads to my calf", "g1"),
    ("my eye is twitching too", "g1"),
    ("twitching all over my body", "g1"),
    ("my other leg started twitching", "g1"),
    ("twitching in my arms as well", "g1"),
    ("twitching has spread to my calf", "g1"),
    ("twitching all over", "g1"),
    ("twitching in my face as well", "g1"),
    ("the other knee twitches too", "g1"),
    ("twitching in both arms", "g1"),
    ("my eyelid twitches too", "g1"),
    ("twitching in my back as well", "g1"),
    ("my leg feels weak all the time", "g2"),
    ("it's harder to climb stairs", "g2"),
    ("my thigh feels weaker than before", "g2"),
    ("stiff knee", "g2"),
    ("knee feels stiff", "g2"),
    ("my leg feels weak even when resting", "g2"),
    ("my leg feels weird and stiff", "g2"),
    ("my leg feels weak when I stand for a while", "g2"),
    ("my thigh is smaller than the other", "g3"),
    ("my quad is wasting", "g3"),
    ("my thigh looks thin", "g3"),
    ("muscle wasting", "g3"),
    ("my quad has shrunk", "g3"),
    ("my thigh has shrunk", "g3"),
    ("muscle looks smaller", "g3"),
    ("my quad is getting thinner", "g3"),
    ("numbness in my thigh", "g4"),
    ("pins and needles", "g4"),
    ("tingly leg", "g4"),
    ("tingling in my thigh", "g4"),
    ("numb patch on my thigh", "g4"),
    ("my foot is tingling", "g4"),
    ("tingling thigh", "g4"),
    ("pins and needles in my foot", "g4"),
    ("tingling in my shin", "g4"),
    ("i'm on antidepressants", "g5"),
    ("I take the pill", "g5"),
    ("I started ventolin", "g5"),
    ("statins", "g5"),
    ("i'm on lithium", "g5"),
    ("I take adderall", "g5"),
    ("I use an inhaler", "g5"),
    ("i'm on steroids", "g5"),
    ("taking citalopram", "g5"),
    ("just started a new medication", "g5"),
    ("on steroid tablets", "g5"),
    ("i take diuretics", "g5"),
    ("my knee hurts for no reason", "g6"),
    ("pain in my thigh when resting", "g6"),
    ("my knee aches all the time", "g6"),
    ("it hurts at rest", "g6"),
    ("pain in my knee that isn't from exercise", "g6"),
    ("aching thigh even when sitting", "g6"),
    ("twitches keep me up at night", "g7"),
    ("cramps every night", "g7"),
    ("can't sleep because of cramps", "g7"),
    ("cramps keep waking me up", "g7"),
    ("twitches at night stop me sleeping", "g7"),
    ("cramps at night", "g7"),
    ("twitching keeps waking me up", "g7"),
    ("twitches stop me sleeping", "g7"),
]


@pytest.mark.parametrize(("text", "items"), SEE_GP)
def test_see_a_gp_words_read_no_higher_than_see_gp(text: str, items: str) -> None:
    reading = read(text)
    assert ids(items) <= reading.items | reading.maybe, reading
    assert reading.level == Urgency.SEE_GP or ids(items) <= reading.maybe


# --- negation ------------------------------------------------------------------------------------

NEGATED = [
    "no chest pain or shortness of breath",
    "I'm not short of breath",
    "no trouble breathing",
    "I can breathe fine",
    "my speech is fine",
    "I don't have chest pain",
    "never fainted",
    "haven't passed out",
    "I didn't fall",
    "no numbness",
    "not numb",
    "no tingling",
    "no swelling",
    "not swollen",
    "no redness or swelling",
    "no fever",
    "no cramps",
    "no dizziness",
    "not dizzy",
    "no bladder problems",
    "no problems peeing",
    "my knee is not swollen or hot",
    "no weakness",
    "the leg isn't weak",
    "it doesn't hurt",
    "no pain",
    "no pain at all, just twitching",
    "I'm not confused",
    "no heart racing",
    "no palpitations",
    "no seizures",
    "I haven't had a fit",
    "I can walk fine",
    "I can still walk normally",
    "without pain or swelling",
    "no blood in my pee",
    "I'm not on any medication",
    "not taking any medicine",
    "no falls",
    "haven't fallen",
    "no dark urine",
    "no chest pain, no breathlessness, no fainting",
    "my face isn't drooping",
    "no cramp lasting more than 10 minutes",
    "not breathless",
    "breathing is fine",
    "no problem swallowing",
    "no slurred speech",
    "no facial drooping",
    "no weakness in my arms",
    "no chest tightness",
    "not coughing blood",
    "didn't pass out",
    "no seizure",
    "no fainting",
    "no crack or pop",
    "my foot is not cold",
    "my foot isn't numb",
    "bladder and bowels are fine",
    "no incontinence",
    "no leg swelling",
    "calf isn't swollen",
    "no fever or chills",
    "knee isn't hot",
    "able to walk fine",
    "knee hasn't given way",
    "never fallen",
    "no long cramps",
    "the cut isn't dirty",
    "urine is a normal colour",
    "no tingling around my mouth",
    "no palpitations or racing heart",
    "not on any new medicines",
    "not dizzy or thirsty",
    "no thinning of my thigh",
    "no pins and needles",
    "no other twitching",
    "no problems sleeping",
    "I'm not in pain",
    "there is no numbness or weakness",
    "I have no chest pain, no numbness and no weakness",
    "no numbness or tingling anywhere",
    "neither numb nor weak",
    "nothing like chest pain or breathlessness",
    "it's not painful",
    "I'm breathing fine",
    "no breathing problems",
    "not having any trouble breathing",
    "no problems with speech",
    "no chest pains",
    "chest is fine",
    "I have no pain in my chest",
    "i haven't fainted",
    "no blackouts",
    "not passed out",
    "no injury",
    "no loss of feeling",
    "i can pee fine",
    "not swollen",
    "no redness",
    "my calf isn't red or swollen",
    "no temperature",
    "no shivers",
    "knee doesn't lock",
    "no giving way",
    "no cuts",
    "no tingling lips",
    "no new meds",
    "not thirsty",
    "no weakness or numbness",
    "no numbness anywhere",
    "no pins or needles",
    "not stiff",
    "no muscle loss",
    "I don't take any medication",
    "no twitching elsewhere",
    "i'm not dizzy at all",
    "there's no chest pain or anything",
    "I don't feel faint",
    "no seizures or fainting",
    "nothing wrong with my bladder",
    "no chest pain, no shortness of breath, no fainting, no numbness, no weakness",
    "I haven't had any numbness or tingling",
    "I'm not having any chest pain",
    "no problems breathing or swallowing",
    "I don't have any weakness in my legs",
    "haven't lost control of my bladder",
    "there is no swelling or redness in my calf",
    "I have not fallen",
    "my knee hasn't locked",
    "I never feel dizzy",
    "I didn't faint",
    "I'm not confused at all",
    "no, I don't have chest pain",
    "no, no chest pain",
    "nah no numbness",
    "no tingling in my lips",
    "I haven't noticed any weakness",
    "no bowel or bladder issues",
    "no difficulty breathing",
    "not struggling to breathe",
    "no drooping",
    "no one-sided weakness",
    "never had a seizure",
    "no fits",
    "no convulsions",
    "no blackouts or fainting",
    "no injury to my knee",
    "no cracks or pops",
    "no bowel problems",
    "no bladder issues",
    "not incontinent",
    "no calf pain",
    "no leg swelling or redness",
    "knee not swollen",
    "no fever, no shivers",
    "can straighten my knee",
    "no locking or giving way",
    "haven't fallen over",
    "no cramps lasting long",
    "no wounds",
    "no dark pee",
    "no lip tingling",
    "no irregular heartbeat",
    "no sweating or agitation",
    "I'm not thirsty",
    "no thinning",
    "no tingling or numbness",
    "no new tablets",
    "no pain at rest",
    "no sleep problems",
]


@pytest.mark.parametrize("text", NEGATED)
def test_a_clearly_negated_sign_is_quiet(text: str) -> None:
    reading = read(text)
    assert (reading.level, reading.ask_level) == (None, None), reading


@pytest.mark.parametrize(
    ("text", "items"),
    [
        # the negation stays in its clause
        ("no chest pain but I fainted", "e4"),
        ("no fever, my chest hurts", "e3"),
        ("not short of breath, but my chest hurts", "e3"),
        ("no numbness though my face is drooping", "e2"),
        ("I don't have chest pain and I can't breathe", "e1"),
        ("I havent had a drink, speech all slurred", "e1"),
        ("no chest pain. I passed out", "e4"),
        ("no chest pain 😐 I passed out", "e4"),
        ("no chest pain and my arm went weak", "e2"),
        # pseudo-negations are no negation
        ("No, I have chest pain", "e3"),
        ("no I have chest pain", "e3"),
        ("not sure but my face feels droopy", "e2"),
        ("no idea why but I passed out", "e4"),
        ("I don't know if it was a seizure", "e4"),
        ("isnt it weird my chest hurts", "e3"),
        ("without warning I fainted", "e4"),
        ("I don't think it's serious but I coughed up blood", "e3"),
        ("never had chest pain this bad", "e3"),
        ("I didn't have chest pain until today", "e3"),
        ("it doesn't stop, I can't breathe", "e1"),
        # a negation word that belongs to the sign
        ("I haven't peed all day", "u9"),
        ("I can't walk", "u3"),
        ("i cant stop shaking all over", "e4"),
        ("my knee isn't straightening", "u3"),
    ],
)
def test_negation_is_scoped_to_its_clause(text: str, items: str) -> None:
    assert ids(items) <= read(text).items


@pytest.mark.parametrize(
    "text",
    [
        "no chest pain or shortness of breath",
        "no chest pain, fainting or numbness",
        "twitching without chest pain or fainting",
        "no pins and needles or numbness",
        "my chest doesn't hurt",
        "chest pain: no",
        "fainted? no",
        "nope no chest pain",
        "I don't have any chest pain",
    ],
)
def test_a_negation_covers_a_list_and_a_bare_answer(text: str) -> None:
    reading = read(text)
    assert (reading.level, reading.ask_level) == (None, None), reading


# --- harmless look-alikes and the twitch in its own words ---------------------------------------

HARMLESS = [
    "feel shaky",
    "I fell asleep early",
    "falling asleep is hard",
    "I can't stand this twitching",
    "my heart goes out to you",
    "it's a pain in the neck",
    "heart rate is 70",
    "cut down on coffee",
    "I've cut out caffeine",
    "cold weather today",
    "I have a cold",
    "thanks that was breathtaking",
    "took a deep breath",
    "i'm dying to find out",
    "what is the best fit",
    "i need to keep fit",
    "I'm fit and healthy",
    "passed my exam",
    "broke my phone",
    "stroke the dog",
    "by heart",
    "a hot bath helps",
    "drank some hot tea",
    "had a cold shower",
    "my feet are always cold in winter",
    "the heat is unbearable",
    "I jumped in the pool",
    "we cracked the code",
    "locked my phone",
    "I'm a bit stressed",
    "my dog is a real pain",
    "my heart isn't in it today",
    "cheers, that helps",
    "please stop the reminders",
    "what time is my check-in",
    "can I turn off the water reminders",
    "I drink a lot of coffee",
    "had a hot shower",
    "my knee cracks when I squat",
    "knees click on the stairs",
    "I'm a bit sore after the gym",
    "legs are tired",
    "i fell out with my friend",
    "it's falling into place",
    "the fall colours are lovely",
    "I'm fed up",
    "dying for a coffee",
    "walked 10k today",
    "I can walk fine",
    "cold drink helped",
    "my feet get cold",
    "i love swimming breaststroke",
    "I stroked my cat",
    "heart rate zone 2 run",
    "my heart rate monitor says 60",
    "I have a sweet tooth",
    "weak coffee this morning",
    "red wine last night",
    "a bit dehydrated maybe",
    "it won't stop",
    "foot is warm",
    "I can walk",
    "pee is clear",
    "heartbeat is normal",
    "sleeping fine",
    "blood pressure is fine",
    "went to give blood today",
    "blood test tomorrow",
    "I'm heartbroken about it",
    "weight off my chest",
    "my chest day was great",
    "ran out of breath laughing",
    "I'm fit",
    "that fits",
    "the shoe fits",
    "I passed the test",
    "fall asleep fine",
    "I'm falling behind",
    "I'm so confused about my timezone",
    "is it bad to have 5 coffees",
    "I want to cut down on caffeine",
    "I'm weak at maths",
    "hot chocolate before bed",
    "warm up before running",
    "it's freezing outside",
    "it's a bit of a cramp in my style lol",
    "thanks, that's a weight off my mind",
    "pins and needles waiting for results",
    "I've got butterflies",
    "heart of gold",
    "I had a stroke of bad luck",
    "my cat fell off the sofa",
    "I'm dying to sleep",
    "killing it at the gym",
    "I'm feeling dizzy with excitement",
    "knee-jerk reaction",
    "jerk",
    "fitting",
    "peeing normally",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_a_harmless_look_alike_raises_no_alarm(text: str) -> None:
    reading = read(text)
    assert reading.level not in ALARM, reading
    assert reading.ask_level not in ALARM, reading


TWITCH = [
    "does caffeine cause twitching",
    "slight twitch in my quad",
    "my thigh keeps jumping",
    "the muscle above my kneecap flickers",
    "twitchy knee after football",
    "spasm in my thigh",
    "muscle keeps jumping above knee cap",
    "I can feel it pulsing above my knee",
    "vibrating feeling in my thigh",
    "the twitching won't stop",
    "it won't stop jerking",
    "my leg twitches when I rest",
    "knee twitches every time i sit",
    "my thigh is twitching nonstop",
    "the twitching is driving me mad",
    "constant twitching above my knee all day",
    "twitching won't stop after a run",
    "my leg is jumping like crazy",
    "it's like something crawling under my skin",
    "little ripples above my knee",
    "my quad keeps spasming",
    "the muscle is going crazy",
    "still twitching",
    "twitching is worse after coffee",
    "twitching after a long day on my feet",
    "twitch after cramp yesterday",
    "twitching started after a coffee",
    "i think it's a muscle spasm",
    "my quad is jumping",
    "there's a tic above my knee",
    "a flicker above my knee",
    "fluttering sensation in my thigh",
    "tiny spasms in my quad",
    "thigh muscle jerks every now and then",
    "the muscle keeps twitching non stop",
    "twitching like crazy",
    "twitchy",
    "its twitching constantly and wont stop",
    "i can't stop it twitching",
    "the twitch has been going for hours",
    "leg twitches constantly",
    "twinge above my knee",
    "it keeps ticking like a clock above my knee",
    "like a butterfly in my thigh",
    "feels like a bug crawling in my quad",
    "it's fluttering",
    "tiny movements under the skin",
    "the muscle above my knee shivers",
    "my thigh is trembling",
    "it's pulsating above my knee",
    "muscle keeps contracting on its own",
    "involuntary muscle movement above the knee",
    "thigh spasming a lot today",
    "small muscle twitches in my leg",
    "knee jerking while I sleep",
    "twitching above knee, no pain, no swelling, just annoying",
    "my knee twitches but there's no pain or swelling",
    "twitching and a bit tired",
    "twitching since my workout, muscles a bit sore",
    "I had a cramp last week and now some twitching",
    "I run a lot and my quad twitches",
    "hi, my quad has been twitching for 3 days",
    "is it normal that my leg twitches after the gym",
]


@pytest.mark.parametrize("text", TWITCH)
def test_a_twitch_in_its_own_words_is_the_topic_not_an_alarm(text: str) -> None:
    reading = read(text)
    assert reading.twitch, reading
    assert reading.level not in ALARM, reading
    assert reading.ask_level not in ALARM, reading


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("my eye is twitching too", "g1"),
        ("twitching all over my body", "g1"),
        ("twitches keep me up at night", "g7"),
    ],
)
def test_a_twitch_elsewhere_or_at_night_is_a_gp_item(text: str, item: str) -> None:
    reading = read(text)
    assert reading.twitch
    assert item in reading.items
    assert reading.level == Urgency.SEE_GP


@pytest.mark.parametrize(
    "text",
    ["it's not twitching anymore", "the twitching has stopped", "no twitch today", "hello"],
)
def test_no_twitch_when_it_has_stopped_or_is_not_named(text: str) -> None:
    assert not read(text).twitch


# --- levels --------------------------------------------------------------------------------------


def test_level_is_the_highest_item_and_ask_level_the_highest_maybe() -> None:
    reading = read("I'm on statins and my heart is racing and I have chest pain")
    assert reading.items == {"g5", "e3"}
    assert reading.level is Urgency.EMERGENCY
    assert reading.maybe == {"u7"}
    assert reading.ask_level is Urgency.URGENT_TODAY
    assert read("heat stroke").level is Urgency.URGENT_TODAY
    assert read("pins and needles").level is Urgency.SEE_GP
    nothing = read("hello")
    assert (nothing.level, nothing.ask_level, nothing.language) == (None, None, "en")


# --- robustness ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "🦵🦵🦵",
        "😀" * 100_000,
        "\ud800",
        "\ud800\x00\u202e chest",
        "x" * 1_000_000,
        "no " * 400_000,
        "can't " * 200_000,
        "1 2 3 4 5 " * 100_000,
        "., " * 300_000,
        "twitch " * 150_000,
    ],
)
def test_any_text_gives_a_reading(text: str) -> None:
    reading = read(text)
    assert isinstance(reading, Reading)
    assert reading.level is None
    assert reading.language == "en"


def test_random_mixes_of_lexicon_words_read_without_an_internal_error() -> None:
    reader = freetext._READERS["en"]  # read() swallows errors: call the reader itself
    words = [*sorted(reader.vocabulary), "20", "9" * 400, "0.5", "10,5", "😀", ",", ".", "?", "-"]
    rng = random.Random(8)  # noqa: S311 - a fixed seed for a repeatable test
    for _ in range(3000):
        reader.read(" ".join(rng.choice(words) for _ in range(rng.randint(0, 40))))


def test_only_the_start_of_a_long_message_is_read() -> None:
    assert "e3" in read("chest pain " + "x" * 1_000_000).items
    assert "e3" in read("x" * (MAX_CHARS - 20) + " chest pain").items
    assert read("x" * MAX_CHARS + " chest pain").items == frozenset()


def test_every_character_is_read_without_error() -> None:
    for start in range(0, 0x30000, 0x400):
        text = "".join(chr(c) for c in range(start, start + 0x400))
        assert isinstance(read(text + " chest pain"), Reading)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("CHEST PAIN", "e3"),
        ("Chest Pain!!!", "e3"),
        ("i can’t breathe", "e1"),  # curly apostrophe
        ("i can`t breathe", "e1"),
        ("I cannot breathe", "e1"),
        ("I can not breathe", "e1"),
        ("I am unable to walk", "u3"),
        ("I'm not able to walk", "u3"),
        ("😱chest😣pain😱", "e3"),
        ("chest-pain", "e3"),
        ("chestpain", "e3"),
        ("cheast pain", "e3"),
        ("siezure", "e4"),
        ("numbnes between my legs", "e6"),
        ("breathign is hard", "e1"),  # one typo in a longer word
        ("i was unconsious", "e4"),
        ("i collasped", "e4"),
        ("café chest paín", "e3"),  # accents folded
        ("cramp for 20min", "u5"),
        ("cramp for twenty minutes", "u5"),
        ("cramp for 10-15 minutes", "u5"),
        ("cramp for half an hour", "u5"),
        ("cramp for an hour", "u5"),
        ("haven't peed for 9 hrs", "u9"),
        ("chest pain, cramp for " + "9" * 400 + " minutes", "e3 u5"),
    ],
)
def test_spelling_case_punctuation_and_durations(text: str, items: str) -> None:
    assert ids(items) <= read(text).items


def test_a_short_cramp_or_a_short_absence_of_urine_is_no_item() -> None:
    assert "u5" not in read("cramp for 5 minutes").items
    assert "u9" not in read("haven't peed for 2 hours").items


def test_a_real_word_is_not_read_as_a_sign_one_letter_away() -> None:
    for text in ("I was painting the fence", "I keep dropping things", "stitching a patch"):
        assert read(text) == Reading(frozenset(), frozenset(), twitch=False, language="en")


# --- the lexicon ---------------------------------------------------------------------------------


def test_the_lexicon_names_only_checklist_items() -> None:
    known = {i.id for i in (*EMERGENCY_ITEMS, *SAME_DAY_ITEMS, *GP_ITEMS)} | {HEAT_ILLNESS}
    named: set[str] = set()
    for sign in lexicon_en.SIGNS:
        named |= sign.items | sign.maybe
        for rule in sign.rules:
            named |= rule.items | rule.maybe
    assert named <= known
    assert set(freetext.ITEM_LEVELS) == known


def test_every_checklist_item_can_be_named_at_once() -> None:
    at_once: set[str] = set()
    for sign in lexicon_en.SIGNS:
        at_once |= sign.items
        for rule in sign.rules:
            at_once |= rule.items
    assert {i.id for i in (*EMERGENCY_ITEMS, *SAME_DAY_ITEMS, *GP_ITEMS)} <= at_once
    named_in_tables = set().union(*(ids(items) for _, items in AT_ONCE + SEE_GP))
    assert {i.id for i in (*EMERGENCY_ITEMS, *SAME_DAY_ITEMS)} <= named_in_tables


def test_a_lexicon_with_a_missing_qualifier_fails_at_once() -> None:
    from dataclasses import replace

    from bot.domain.lexicon import sign, when

    broken = replace(
        lexicon_en.LEXICON,
        signs=(sign("x", "chest", items="e3", rules=(when("NO_SUCH", items="e3"),)),),
    )
    with pytest.raises(ValueError, match="NO_SUCH"):
        freetext._Reader(broken)


def test_english_is_detected_as_english_and_other_languages_have_their_own_lexicon() -> None:
    # Was "English only for now" (issue 8); issue 13 adds es/de/ru (test_freetext_i18n.py).
    assert freetext.detect_language("my chest hurts") == "en"
    assert freetext.detect_language("hola, me duele el pecho") == "es"
    assert set(freetext.LEXICONS) == {"en", "es", "de", "ru"}


@pytest.mark.parametrize(
    ("text", "item"),
    [
        # Fresh phrasings found missing after the corpus was written (session 2 note).
        ("my face went all saggy on one side", "e2"),
        ("had a funny turn and went down", "e4"),
        ("i dropped to the floor and woke up confused", "e4"),
        ("pooped my pants without knowing", "e6"),
        ("knee looks like a balloon, red and hot, and im burning up", "u2"),
        ("slipped on ice and landed on my knee", "u4"),
        ("it hurts to swallow and I can't get food down", "e1"),
        ("knee won't go straight", "u3"),
    ],
)
def test_fresh_phrasings_are_read_at_once(text: str, item: str) -> None:
    assert item in freetext.read(text).items


@pytest.mark.parametrize(
    "text",
    ["the swelling went down", "my phone slipped out of my hand", "dropped my keys on the floor"],
)
def test_their_look_alikes_stay_quiet(text: str) -> None:
    reading = freetext.read(text)
    assert reading.level is None
    assert reading.ask_level is None
