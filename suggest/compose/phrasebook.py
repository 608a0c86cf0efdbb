"""What a native-speaking care agent would write around a handbook answer, per language.

Templates use ``{name}``, ``{agent}`` and ``{brand}``
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
        "ack_question": "Takk for spørsmålet!",
        "ack_message": "Takk for at du tok kontakt!",
        "ack_question_formal": "Takk for spørsmålet ditt.",
        "ack_message_formal": "Takk for henvendelsen.",
        "apology": "Så leit å høre, det beklager vi.",
        "apology_strong": "Det forstår vi godt at du er frustrert over, og vi beklager virkelig.",
        "private": "Send oss gjerne en privat melding, så ser vi nærmere på saken din.",
        "private_personal_data": (
            "Vi har skjult kommentaren din fordi den inneholdt personopplysninger. "
            "Send oss gjerne en privat melding, så hjelper vi deg videre der."
        ),
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
        "follow_up": "Lurer du på noe mer, er det bare å si fra.",
        "ask_details": "Kan du fortelle litt mer om hva det gjelder, så hjelper jeg deg videre?",
        "ask_details_short": "Hva gjelder det? Skriv gjerne litt mer, så hjelper jeg deg.",
        "closing": "Ha en fin dag!",
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
        "ack_question": "Takk for spørsmålet!",
        "ack_message": "Takk for at du tok kontakt!",
        "ack_question_formal": "Takk for spørsmålet ditt.",
        "ack_message_formal": "Takk for førespurnaden.",
        "apology": "Så leitt å høyre, det beklagar vi.",
        "apology_strong": "Det forstår vi godt at du er frustrert over, og vi beklagar verkeleg.",
        "private": "Send oss gjerne ei privat melding, så ser vi nærare på saka di.",
        "private_personal_data": (
            "Vi har skjult kommentaren din fordi han inneheldt personopplysningar. "
            "Send oss gjerne ei privat melding, så hjelper vi deg vidare der."
        ),
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
        "follow_up": "Lurer du på noko meir, er det berre å seie frå.",
        "ask_details": "Kan du fortelje litt meir om kva det gjeld, så hjelper eg deg vidare?",
        "ask_details_short": "Kva gjeld det? Skriv gjerne litt meir, så hjelper eg deg.",
        "closing": "Ha ein fin dag!",
        "signoff": "Helsing {agent}",
        "signoff_team": "Helsing {brand}",
        "signoff_compact": "/{agent}",
        "emoji": "😊",
    },
    "sv": {
        "greeting_name": "Hej {name},",
        "greeting_anon": "Hej!",
        "greeting_name_formal": "Hej {name},",
        "greeting_anon_formal": "Hej,",
        "ack_question": "Tack för din fråga!",
        "ack_message": "Tack för att du hör av dig!",
        "ack_question_formal": "Tack för din fråga.",
        "ack_message_formal": "Tack för ditt meddelande.",
        "apology": "Vad tråkigt att höra, det beklagar vi.",
        "apology_strong": "Vi förstår verkligen att du är frustrerad, och vi ber om ursäkt.",
        "private": (
            "Skicka gärna ett privat meddelande till oss, så tittar vi närmare på ditt ärende."
        ),
        "private_personal_data": (
            "Vi har dolt din kommentar eftersom den innehöll personuppgifter. "
            "Skicka gärna ett privat meddelande till oss, så hjälper vi dig vidare där."
        ),
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
        "follow_up": "Undrar du något mer är det bara att höra av dig.",
        "ask_details": "Kan du berätta lite mer om vad det gäller, så hjälper jag dig vidare?",
        "ask_details_short": "Vad gäller det? Skriv gärna lite mer, så hjälper jag dig.",
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
        "ack_question": "Tak for dit spørgsmål!",
        "ack_message": "Tak fordi du skriver til os!",
        "ack_question_formal": "Tak for dit spørgsmål.",
        "ack_message_formal": "Tak for din henvendelse.",
        "apology": "Det er ærgerligt at høre, og det beklager vi.",
        "apology_strong": "Vi forstår godt, at du er frustreret, og det beklager vi virkelig.",
        "private": "Send os gerne en privat besked, så kigger vi nærmere på din sag.",
        "private_personal_data": (
            "Vi har skjult din kommentar, fordi den indeholdt personoplysninger. "
            "Send os gerne en privat besked, så hjælper vi dig videre der."
        ),
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
        "follow_up": "Er der andet, du vil vide, så skriv endelig igen.",
        "ask_details": (
            "Vil du fortælle lidt mere om, hvad det drejer sig om, så jeg kan hjælpe dig videre?"
        ),
        "ask_details_short": "Hvad drejer det sig om? Skriv gerne lidt mere, så hjælper jeg dig.",
        "closing": "Hav en god dag!",
        "signoff": "Venlig hilsen {agent}",
        "signoff_team": "Venlig hilsen {brand}",
        "signoff_compact": "/{agent}",
        "emoji": "😊",
    },
    "fi": {
        "greeting_name": "Hei {name},",
        "greeting_anon": "Hei!",
        "greeting_name_formal": "Hei {name},",
        "greeting_anon_formal": "Hei,",
        "ack_question": "Kiitos kysymyksestäsi!",
        "ack_message": "Kiitos, että otit meihin yhteyttä!",
        "ack_question_formal": "Kiitos kysymyksestänne.",
        "ack_message_formal": "Kiitos yhteydenotostanne.",
        "apology": "Ikävä kuulla, pahoittelemme tilannetta.",
        "apology_strong": "Ymmärrämme hyvin, että olet turhautunut, ja pahoittelemme todella.",
        "private": "Lähetäthän meille yksityisviestin, niin selvitämme asiaasi tarkemmin.",
        "private_personal_data": (
            "Piilotimme kommenttisi, koska siinä oli henkilötietoja. "
            "Lähetäthän meille yksityisviestin, niin autamme sinua siellä eteenpäin."
        ),
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
        "follow_up": "Jos mieleesi tulee vielä jotain, kysy vain.",
        "ask_details": (
            "Voisitko kertoa hieman tarkemmin, mistä on kyse, niin autan sinua eteenpäin?"
        ),
        "ask_details_short": "Mitä asiasi koskee? Kerro vähän lisää, niin autan sinua.",
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
        "ack_question": "Thanks for your question!",
        "ack_message": "Thanks for getting in touch!",
        "ack_question_formal": "Thank you for your question.",
        "ack_message_formal": "Thank you for contacting us.",
        "apology": "We're sorry to hear about this.",
        "apology_strong": "We completely understand your frustration, and we're really sorry.",
        "private": "Please send us a private message and we'll look into your case.",
        "private_personal_data": (
            "We've hidden your comment because it contained personal details. "
            "Please send us a private message and we'll help you from there."
        ),
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
        "follow_up": "If there's anything else you'd like to know, just ask.",
        "ask_details": (
            "Could you tell me a little more about what this is about, so I can help you further?"
        ),
        "ask_details_short": "What is it about? Tell me a bit more and I'll help you.",
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
