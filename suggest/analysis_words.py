"""Small closed word lists for analysis: greetings, question openers, and the words that
name no topic ("pris?", "hjelp"), per language. Lowercase; whole words."""

from __future__ import annotations


def _w(words: str) -> frozenset[str]:
    return frozenset(words.split())


GREETING_WORDS: dict[str, frozenset[str]] = {
    "nb": _w("hei heisann hallo hallois halla morn god dag kveld morgen takk tusen"),
    "nn": _w("hei heisann hallo hallois halla morn god dag kveld morgon takk tusen"),
    "sv": _w("hej hejsan hallå tjena tja god dag morgon kväll tack"),
    "da": _w("hej hejsa hallo goddag godmorgen god dag morgen aften tak"),
    "fi": _w("hei moi moikka terve hyvää päivää huomenta iltaa kiitos"),
    "en": _w("hi hello hey hiya dear good morning afternoon evening thanks thank you"),
}

QUESTION_OPENERS: dict[str, frozenset[str]] = {
    "nb": _w("hva hvor hvordan hvorfor hvem hvilken hvilke når kan må får skal er har gir "
             "blir finnes går rekker"),
    "nn": _w("kva kor korleis kvifor kven kva for når kan må får skal er har gjev gir blir "
             "finst går rekk"),
    "sv": _w("vad var hur varför vem vilken vilka när kan måste får ska är har ger blir "
             "finns går hinner"),
    "da": _w("hvad hvor hvordan hvorfor hvem hvilken hvilke hvornår kan skal må får er har "
             "giver bliver findes går når"),
    "fi": _w("mitä mikä missä miten miksi kuka milloin paljonko kuinka voiko saako onko "
             "pitääkö täytyykö voinko saanko onks"),
    "en": _w("what where how why who which when can could do does is are will would should "
             "may"),
}

# Words that carry no topic of their own: help, price, question, problem, booking-less
# fillers, pronouns, auxiliaries and the question words of a price or help question with no
# object ("how much?", "hvad koster det?", "mitä maksaa?"). A message of only these (and
# greetings) is vague.
GENERIC_WORDS: dict[str, frozenset[str]] = {
    "nb": _w("hjelp hjelpe pris priser prisen kostnad koster spørsmål spørre lurer lurte "
             "problem problemer info informasjon noe jeg meg vi oss dere du trenger trengs "
             "kan har er et en ei litt please plz hva hvor mye mange det dette den pls"),
    "nn": _w("hjelp hjelpe pris prisar prisen kostnad kostar spørsmål spørje lurer lurte "
             "problem info informasjon noko eg meg vi oss dykk de du treng kan har er eit "
             "ein ei litt kva kor mykje mange det dette den pls"),
    "sv": _w("hjälp hjälpa pris priser priset kostnad kostar fråga frågor undrar undrade "
             "problem info information något jag mig vi oss ni er du behöver kan har är "
             "ett en lite vad hur mycket många det detta den pls"),
    "da": _w("hjælp hjælpe pris priser prisen koster spørgsmål spørge undrer problem "
             "problemer info information noget jeg mig vi os i jer du brug for har kan er "
             "et en lidt hvad hvor meget mange det dette den pls"),
    "fi": _w("apua apu auttaa autatteko hinta hinnat hintaa maksaa kysymys kysyisin "
             "ongelma ongelmia tietoa info minä mä me te sinä tarvitsen tarvitsisin voisitte "
             "voitteko kiitos mitä mikä paljonko kuinka paljon se tämä on pls"),
    "en": _w("help helping price prices pricing cost costs question questions problem "
             "problems issue info information something i me we us you need can could "
             "please plz a an some have got what how much many it this that is are does do pls"),
}
