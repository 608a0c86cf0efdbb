"""What a native-speaking care agent would write around a handbook answer, per language.

Templates use ``{name}``, ``{topic}``, ``{title}``, ``{sentence}``, ``{agent}`` and ``{brand}``
and are filled with :func:`phrase` (safe filling, never ``str.format``). Every language has every
key; ``tests/suggest/test_compose.py`` enforces that.
"""

from __future__ import annotations

from collections.abc import Mapping

from text.languages import DEFAULT_LANGUAGE as FALLBACK_LANGUAGE
from text.languages import normalise_language
from text.placeholders import fill

PHRASES: dict[str, dict[str, str]] = {
    "nb": {
        "greeting_name": "Hei {name},",
        "greeting_anon": "Hei!",
        "greeting_name_formal": "Hei, {name}.",
        "greeting_anon_formal": "Hei,",
        "thanks": "Takk for at du tok kontakt med oss.",
        "thanks_formal": "Takk for henvendelsen.",
        "apology": "Så leit å høre, det beklager vi.",
        "apology_strong": (
            "Vi beklager virkelig at du har hatt en så dårlig opplevelse, "
            "og vi forstår godt at du er frustrert."
        ),
        "ack": "Her er det som gjelder for «{title}».",
        "ack_problem": "Jeg forstår at du har hatt problemer med «{title}».",
        "ack_generic": "Dette hjelper jeg deg gjerne med.",
        "ack_generic_problem": "Dette skal vi få ordnet for deg.",
        "private": "Send oss gjerne en privat melding, så ser vi nærmere på saken din.",
        "private_personal_data": (
            "Av hensyn til personvernet ditt har vi skjult kommentaren. "
            "Send oss en privat melding, så hjelper vi deg videre der."
        ),
        "in_short": "Kort fortalt: {sentence}",
        "moderation": (
            "Vi ønsker at alle skal ha det trygt og hyggelig her, og ber deg derfor holde en "
            "saklig tone i tråd med retningslinjene for kommentarfeltet hos {brand}."
        ),
        "moderation_private": (
            "Vi hjelper deg gjerne, men ber deg holde en saklig tone i tråd med "
            "retningslinjene til {brand}."
        ),
        "moderation_help": (
            "Har du et spørsmål, hjelper vi deg gjerne – send oss en privat melding."
        ),
        "moderation_help_here": "Har du et spørsmål, hjelper vi deg gjerne her.",
        "clarify": (
            "Gjelder spørsmålet ditt noe annet, er det bare å si fra, så hjelper jeg deg videre."
        ),
        "ask_details": "Kan du fortelle litt mer om hva det gjelder, så hjelper jeg deg videre?",
        "closing": "Ha en fin dag videre!",
        "signoff": "Hilsen {agent}",
        "signoff_team": "Hilsen {brand}",
        "signoff_compact": "/{agent}",
        "emoji": "😊",
    },
    "nn": {
        "greeting_name": "Hei {name},",
        "greeting_anon": "Hei!",
        "greeting_name_formal": "Hei, {name}.",
        "greeting_anon_formal": "Hei,",
        "thanks": "Takk for at du tok kontakt med oss.",
        "thanks_formal": "Takk for førespurnaden.",
        "apology": "Så leitt å høyre, det beklagar vi.",
        "apology_strong": (
            "Vi beklagar verkeleg at du har hatt ei så dårleg oppleving, "
            "og vi forstår godt at du er frustrert."
        ),
        "ack": "Her er det som gjeld for «{title}».",
        "ack_problem": "Eg forstår at du har hatt problem med «{title}».",
        "ack_generic": "Dette hjelper eg deg gjerne med.",
        "ack_generic_problem": "Dette skal vi få ordna for deg.",
        "private": "Send oss gjerne ei privat melding, så ser vi nærare på saka di.",
        "private_personal_data": (
            "Av omsyn til personvernet ditt har vi skjult kommentaren. "
            "Send oss ei privat melding, så hjelper vi deg vidare der."
        ),
        "in_short": "Kort fortalt: {sentence}",
        "moderation": (
            "Vi ønskjer at alle skal ha det trygt og triveleg her, og ber deg difor halde ein "
            "sakleg tone i tråd med retningslinjene for kommentarfeltet hos {brand}."
        ),
        "moderation_private": (
            "Vi hjelper deg gjerne, men ber deg halde ein sakleg tone i tråd med "
            "retningslinjene til {brand}."
        ),
        "moderation_help": (
            "Har du eit spørsmål, hjelper vi deg gjerne – send oss ei privat melding."
        ),
        "moderation_help_here": "Har du eit spørsmål, hjelper vi deg gjerne her.",
        "clarify": (
            "Gjeld spørsmålet ditt noko anna, er det berre å seie frå, så hjelper eg deg vidare."
        ),
        "ask_details": "Kan du fortelje litt meir om kva det gjeld, så hjelper eg deg vidare?",
        "closing": "Ha ein fin dag vidare!",
        "signoff": "Helsing {agent}",
        "signoff_team": "Helsing {brand}",
        "signoff_compact": "/{agent}",
        "emoji": "😊",
    },
    "sv": {
        "greeting_name": "Hej {name},",
        "greeting_anon": "Hej!",
        "greeting_name_formal": "Bästa {name},",
        "greeting_anon_formal": "Hej,",
        "thanks": "Tack för att du hör av dig till oss.",
        "thanks_formal": "Tack för ditt meddelande.",
        "apology": "Vad tråkigt att höra, det beklagar vi.",
        "apology_strong": (
            "Vi ber verkligen om ursäkt för att du har fått en så dålig upplevelse, "
            "och vi förstår att du är frustrerad."
        ),
        "ack": "Här är det som gäller för ”{title}”.",
        "ack_problem": "Jag förstår att du har haft problem med ”{title}”.",
        "ack_generic": "Det hjälper jag dig gärna med.",
        "ack_generic_problem": "Det ska vi se till att lösa åt dig.",
        "private": (
            "Skicka gärna ett privat meddelande till oss, så tittar vi närmare på ditt ärende."
        ),
        "private_personal_data": (
            "Av hänsyn till din integritet har vi dolt din kommentar. "
            "Skicka ett privat meddelande till oss, så hjälper vi dig vidare där."
        ),
        "in_short": "Kort sagt: {sentence}",
        "moderation": (
            "Vi vill att alla ska känna sig trygga här och ber dig därför hålla en saklig ton "
            "i enlighet med riktlinjerna för kommentarsfältet hos {brand}."
        ),
        "moderation_private": (
            "Vi hjälper dig gärna, men ber dig hålla en saklig ton i enlighet med "
            "riktlinjerna hos {brand}."
        ),
        "moderation_help": (
            "Har du en fråga hjälper vi dig gärna – skicka ett privat meddelande till oss."
        ),
        "moderation_help_here": "Har du en fråga hjälper vi dig gärna här.",
        "clarify": (
            "Gäller din fråga något annat är det bara att säga till, så hjälper jag dig vidare."
        ),
        "ask_details": "Kan du berätta lite mer om vad det gäller, så hjälper jag dig vidare?",
        "closing": "Ha en fin dag!",
        "signoff": "Hälsningar {agent}",
        "signoff_team": "Hälsningar {brand}",
        "signoff_compact": "/{agent}",
        "emoji": "😊",
    },
    "da": {
        "greeting_name": "Hej {name},",
        "greeting_anon": "Hej!",
        "greeting_name_formal": "Kære {name},",
        "greeting_anon_formal": "Hej,",
        "thanks": "Tak fordi du skriver til os.",
        "thanks_formal": "Tak for din henvendelse.",
        "apology": "Det er ærgerligt at høre, og det beklager vi.",
        "apology_strong": (
            "Vi beklager virkelig, at du har haft en så dårlig oplevelse, "
            "og vi forstår godt, at du er frustreret."
        ),
        "ack": "Her er, hvad der gælder for »{title}«.",
        "ack_problem": "Jeg kan forstå, at du har haft problemer med »{title}«.",
        "ack_generic": "Det hjælper jeg dig gerne med.",
        "ack_generic_problem": "Det skal vi nok få løst for dig.",
        "private": "Send os gerne en privat besked, så kigger vi nærmere på din sag.",
        "private_personal_data": (
            "Af hensyn til dit privatliv har vi skjult din kommentar. "
            "Send os en privat besked, så hjælper vi dig videre der."
        ),
        "in_short": "Kort fortalt: {sentence}",
        "moderation": (
            "Vi vil gerne have, at alle føler sig trygge her, og beder dig derfor holde en "
            "saglig tone i tråd med retningslinjerne for kommentarfeltet hos {brand}."
        ),
        "moderation_private": (
            "Vi hjælper dig gerne, men beder dig holde en saglig tone i tråd med "
            "retningslinjerne hos {brand}."
        ),
        "moderation_help": "Har du et spørgsmål, hjælper vi dig gerne – send os en privat besked.",
        "moderation_help_here": "Har du et spørgsmål, hjælper vi dig gerne her.",
        "clarify": (
            "Handler dit spørgsmål om noget andet, så sig endelig til, så hjælper jeg dig videre."
        ),
        "ask_details": (
            "Vil du fortælle lidt mere om, hvad det drejer sig om, så jeg kan hjælpe dig videre?"
        ),
        "closing": "Hav en god dag!",
        "signoff": "Venlig hilsen {agent}",
        "signoff_team": "Venlig hilsen {brand}",
        "signoff_compact": "/{agent}",
        "emoji": "😊",
    },
    "fi": {
        "greeting_name": "Hei {name},",
        "greeting_anon": "Hei!",
        "greeting_name_formal": "Hyvä {name},",
        "greeting_anon_formal": "Hei,",
        "thanks": "Kiitos, että otit meihin yhteyttä.",
        "thanks_formal": "Kiitos yhteydenotostasi.",
        "apology": "Ikävä kuulla, pahoittelemme tilannetta.",
        "apology_strong": (
            "Pahoittelemme todella huonoa kokemustasi, ja ymmärrämme hyvin, että olet turhautunut."
        ),
        # Finnish inflects nouns, so the title is quoted as-is instead of inflected.
        "ack": "Ymmärrän, että kysymyksesi koskee aihetta ”{title}”.",
        "ack_problem": "Ymmärrän, että asiassa ”{title}” on ollut ongelmia.",
        "ack_generic": "Autan sinua mielelläni tässä asiassa.",
        "ack_generic_problem": "Selvitetään tämä yhdessä kuntoon.",
        "private": "Lähetäthän meille yksityisviestin, niin selvitämme asiaasi tarkemmin.",
        "private_personal_data": (
            "Olemme piilottaneet kommenttisi yksityisyytesi suojaamiseksi. "
            "Lähetäthän meille yksityisviestin, niin autamme sinua siellä eteenpäin."
        ),
        "in_short": "Lyhyesti: {sentence}",
        "moderation": (
            "Haluamme, että kaikilla on täällä turvallinen ja mukava olla, joten pyydämme sinua "
            "pitämään keskustelun asiallisena {brand}-keskusteluohjeiden mukaisesti."
        ),
        "moderation_private": (
            "Autamme mielellämme, mutta pyydämme sinua pitämään keskustelun asiallisena "
            "{brand}-keskusteluohjeiden mukaisesti."
        ),
        "moderation_help": (
            "Jos sinulla on kysyttävää, autamme mielellämme – lähetäthän meille yksityisviestin."
        ),
        "moderation_help_here": "Jos sinulla on kysyttävää, autamme mielellämme täällä.",
        "clarify": (
            "Jos kysymyksesi koskee jotain muuta, kerro siitä vain, niin autan sinua eteenpäin."
        ),
        "ask_details": (
            "Voisitko kertoa hieman tarkemmin, mistä on kyse, niin autan sinua eteenpäin?"
        ),
        "closing": "Mukavaa päivänjatkoa!",
        "signoff": "Terveisin {agent}",
        "signoff_team": "Terveisin {brand}",
        "signoff_compact": "/{agent}",
        "emoji": "😊",
    },
    "en": {
        "greeting_name": "Hi {name},",
        "greeting_anon": "Hi there,",
        "greeting_name_formal": "Dear {name},",
        "greeting_anon_formal": "Hello,",
        "thanks": "Thanks for reaching out to us.",
        "thanks_formal": "Thank you for contacting us.",
        "apology": "We're sorry to hear about this.",
        "apology_strong": (
            "We're really sorry about the experience you've had, "
            "and we completely understand your frustration."
        ),
        "ack": "Here is what applies to “{title}”.",
        "ack_problem": "I understand you've had trouble with “{title}”.",
        "ack_generic": "I'm happy to help you with this.",
        "ack_generic_problem": "Let's get this sorted for you.",
        "private": "Please send us a private message and we'll look into your case.",
        "private_personal_data": (
            "To protect your privacy, we've hidden your comment. "
            "Please send us a private message and we'll help you from there."
        ),
        "in_short": "In short: {sentence}",
        "moderation": (
            "We want this to be a safe and welcoming space for everyone, so we ask that you keep "
            "the conversation respectful in line with the {brand} community guidelines."
        ),
        "moderation_private": (
            "We're happy to help, but we ask that you keep the conversation respectful in line "
            "with the {brand} community guidelines."
        ),
        "moderation_help": (
            "If you have a question, we're happy to help – just send us a private message."
        ),
        "moderation_help_here": "If you have a question, we're happy to help here.",
        "clarify": (
            "If your question is about something else, just let me know and I'll help you further."
        ),
        "ask_details": (
            "Could you tell me a little more about what this is about, so I can help you further?"
        ),
        "closing": "Have a great day!",
        "signoff": "Best regards, {agent}",
        "signoff_team": "Best regards, the {brand} team",
        "signoff_compact": "^{agent}",
        "emoji": "😊",
    },
}

KEYS: frozenset[str] = frozenset(PHRASES[FALLBACK_LANGUAGE])


def normalize_language(code: str) -> str | None:
    """Our code for ``code`` (text.languages) when we have phrases in it, else ``None``."""
    language = normalise_language(code)
    return language if language in PHRASES else None


def phrases(language: str) -> Mapping[str, str]:
    return PHRASES.get(
        normalize_language(language) or FALLBACK_LANGUAGE, PHRASES[FALLBACK_LANGUAGE]
    )


def phrase(language: str, key: str, **values: str) -> str:
    """One filled phrase. Values may contain braces; they are inserted, never interpreted."""
    return fill(phrases(language)[key], values)[0]
