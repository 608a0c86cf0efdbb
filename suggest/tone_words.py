"""Word and phrase lists for tone analysis, per language.

Patterns are lowercase. A pattern is one or more space-separated tokens; a token ending in
"*" matches any word starting with it ("skuff*" matches skuffet, skuffende, skuffelse),
otherwise the word must match exactly; the token "..." stands for up to four words
("never ... again" matches "never booking with you again"). Keep prefixes long enough
not to hit innocent words: "pis*" would match Danish "piske" (whip), so it is written
"piss*" / "pisse*".

Categories:
    negative         complaint and disappointment words
    strong_negative  harsh judgements of the service ("elendig", "pathetic")
    profanity        swearing, whoever it is aimed at
    insult           words for *people* ("idioter", "svindlere"); in a message to customer
                     care these are, in practice, aimed at the agent or the company
    leave            threats to leave or switch provider, "never again"
    cancel           stated intent to cancel a subscription or contract
    public           threats to go to the press, social media, a lawyer, the police or
                     a consumer authority
    negated          words that, when they directly precede a negative word, cancel it
                     ("ikke dårlig", "not bad")
    how              question openers that make a "cancel" phrase a neutral question
                     ("hvordan sier jeg opp?")
    conditional      clause openers of a hypothetical: complaint words in a clause that
                     starts with one are not a complaint ("hvis det blir forsinkelser")
"""

from __future__ import annotations

# One entry per line would make these lists ten times longer and no clearer.
# fmt: off
TONE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "nb": {
        "negative": (
            "skuff*", "misfornøy*", "dårlig*", "irriter*", "frustrer*", "sint", "sinte", "lei av",
            "klage*", "ikke fornøyd", "ikke bra", "ikke greit", "uakseptab*", "treg", "tregt",
            "trege", "ubrukelig*", "håpløs*", "kjipt", "surt", "ingen svar", "fortsatt ikke",
            "enda ikke", "venter fortsatt", "har ventet", "ikke akseptabelt", "forsinke*",
            "feilbelast*", "ødelagt*", "mangelfull*",
        ),
        "strong_negative": (
            "elendig*", "forferdelig*", "katastrof*", "latterlig*", "skandal*", "pinlig*",
            "horribel*", "svindel*", "blitt lurt", "hater", "verste", "helt uakseptab*",
            "patetisk*", "drittservice", "søppel*", "kundefiendtlig*", "useriøs*",
        ),
        "profanity": (
            "faen*", "fy faen", "jævla", "jævlig*", "jævli", "helvete*", "hælvete*", "dritt*",
            "drit*", "fitte*", "kuk", "kuken", "pikk*", "satan*", "føkk*", "pokker", "rævva",
            "ræva",
        ),
        "insult": (
            "idiot*", "tulling*", "tullinger", "klovn*", "inkompetent*", "udugelig*", "svindler*",
            "tjuv", "tjuver", "tjuvene", "tyver", "tyvene", "kjeltring*", "drittsekk*", "rasshøl*",
            "hore*", "amatør*", "løgner*", "dust", "duster", "kødd*", "dumme dere",
            "dere er dumme", "tufs*", "evneveik*",
        ),
        "leave": (
            "bytte leverandør*", "bytter leverandør*", "bytte selskap*", "bytter selskap*",
            "går over til en annen*", "går over til et annet*", "gå over til en annen*",
            "gå over til et annet*", "annen leverandør*", "annet selskap*", "annet rederi*",
            "annen operatør*", "konkurrent*", "aldri mer", "aldri igjen", "aldri ... igjen",
            "avslutte kundeforhold*", "avslutter kundeforhold*", "ikke lenger kunde",
            "finne en annen leverandør*", "ta kunden min", "blir ikke kunde", "er ferdig med dere",
        ),
        "cancel": (
            "si opp", "sier opp", "sa opp", "å si opp", "oppsigelse*", "si opp abonnement*",
            "avslutte abonnement*", "avslutter abonnement*",
        ),
        "public": (
            "forbrukerrådet", "forbrukertilsynet", "forliksrådet", "media", "mediene", "avis*",
            "pressen", "vg", "dagbladet", "journalist*", "advokat*", "anmelde*", "politiet",
            "sosiale medier", "trustpilot", "dele dette", "legge ut dette", "gå ut offentlig*",
            "offentliggjøre*",
        ),
        "negated": ("ikke", "ikkje", "aldri", "slett"),
        "conditional": ("hvis", "dersom", "i tilfelle"),
        "how": ("hvordan", "kan jeg", "når kan", "hva må"),
    },
    "nn": {
        "negative": (
            "skuff*", "misnøgd*", "misfornøgd*", "dårleg*", "irriter*", "frustrer*", "sint",
            "sinte", "lei av", "klage*", "ikkje nøgd", "ikkje fornøgd", "ikkje bra", "uakseptab*",
            "treg", "tregt", "ubrukeleg*", "håplaus*", "kjipt", "ingen svar", "framleis ikkje",
            "enno ikkje", "ventar framleis", "har venta", "forseink*", "øydelagd*",
        ),
        "strong_negative": (
            "elendig*", "forferdeleg*", "katastrof*", "latterleg*", "skandal*", "pinleg*",
            "svindel*", "vart lura", "hatar", "verste", "heilt uakseptab*", "patetisk*",
            "drittservice", "søppel*", "useriøs*",
        ),
        "profanity": (
            "faen*", "fy faen", "jævla", "jævleg*", "helvete*", "hælvete*", "dritt*", "drit*",
            "fitte*", "kuk", "pikk*", "satan*", "føkk*", "pokker",
        ),
        "insult": (
            "idiot*", "tulling*", "klovn*", "inkompetent*", "udugeleg*", "svindlar*", "tjuv",
            "tjuvar", "tjuvane", "kjeltring*", "drittsekk*", "rasshøl*", "amatør*", "løgnar*",
            "dust", "kødd*", "tufs*",
        ),
        "leave": (
            "byte leverandør*", "byter leverandør*", "byte selskap*", "går over til ein anna*",
            "går over til eit anna*", "anna leverandør*", "anna selskap*", "anna reiarlag*",
            "konkurrent*", "aldri meir", "aldri igjen", "aldri ... igjen", "ikkje lenger kunde",
            "er ferdig med dykk",
        ),
        "cancel": ("seie opp", "seier opp", "sa opp", "oppseiing*", "avslutte abonnement*"),
        "public": (
            "forbrukarrådet", "forbrukerrådet", "forbrukartilsynet", "forliksrådet", "media",
            "avis*", "pressa", "pressen", "journalist*", "advokat*", "politimeld*", "melde dykk",
            "politiet", "sosiale medium", "sosiale medier", "trustpilot",
        ),
        "negated": ("ikkje", "ikke", "aldri"),
        "conditional": ("viss", "dersom", "i tilfelle"),
        "how": ("korleis", "kan eg", "når kan", "kva må"),
    },
    "sv": {
        "negative": (
            "besvik*", "missnöj*", "dålig*", "irriter*", "frustrer*", "arg", "arga", "sur",
            "trött på", "klag*", "reklamer*", "inte nöjd", "inte bra", "inte ok", "oacceptab*",
            "segt", "värdelös*", "hopplös*", "inget svar", "fortfarande inte",
            "väntar fortfarande", "har väntat", "försen*", "trasig*",
        ),
        "strong_negative": (
            "urusel*", "fruktansvärd*", "katastrof*", "löjlig*", "skandal*", "pinsam*",
            "bedrägeri*", "lurad*", "hatar", "sämsta", "helt oacceptab*", "patetisk*", "skräp*",
            "kundfientlig*", "oseriös*", "bedrövlig*",
        ),
        "profanity": (
            "fan", "fanken", "jävla", "jävlar", "jävligt", "djävla", "helvete*", "skit*", "fitta",
            "fittan", "kuk", "satan*", "förbannade", "förbannat", "fy fan",
        ),
        "insult": (
            "idiot*", "dumhuv*", "pucko*", "inkompetent*", "oduglig*", "bedragare", "tjuv*",
            "svin", "clown*", "amatör*", "lögnare", "skurk*", "cp", "mongo", "mongot", "dumskall*",
        ),
        "leave": (
            "byta leverantör*", "byter leverantör*", "byta bolag", "byter bolag",
            "annan leverantör*", "annat bolag*", "annat rederi*", "annan operatör*",
            "konkurrent*", "aldrig mer", "aldrig igen", "aldrig ... igen", "lämnar er",
            "inte längre kund", "är klar med er",
        ),
        "cancel": (
            "säga upp", "säger upp", "sa upp", "uppsägning*", "avsluta abonnemang*",
            "avslutar abonnemang*", "avsluta mitt avtal",
        ),
        "public": (
            "konsumentverket", "arn", "allmänna reklamationsnämnden", "media", "medierna",
            "tidning*", "kvällspress*", "aftonbladet", "expressen", "journalist*", "advokat*",
            "polisanmäl*", "anmäla", "anmäler", "sociala medier", "trustpilot",
        ),
        "negated": ("inte", "ej", "aldrig"),
        "conditional": ("om", "ifall", "i fall", "utifall"),
        "how": ("hur", "kan jag", "när kan", "vad måste"),
    },
    "da": {
        "negative": (
            "skuff*", "utilfreds*", "dårlig*", "irriter*", "frustrer*", "sur", "vred", "træt af",
            "klage*", "ikke tilfreds", "ikke godt", "ikke ok", "uacceptab*", "langsom*",
            "ubrugelig*", "håbløs*", "intet svar", "stadig ikke", "venter stadig", "har ventet",
            "forsink*", "ødelagt*",
        ),
        "strong_negative": (
            "elendig*", "forfærdelig*", "katastrof*", "latterlig*", "skandal*", "pinlig*",
            "svindel*", "snydt", "hader", "værste", "helt uacceptab*", "patetisk*", "skrammel",
            "kundefjendtlig*", "useriøs*", "pinligt",
        ),
        "profanity": (
            "fanden*", "fandme", "fuck*", "lort*", "lorte*", "pisse*", "piss*", "satan*",
            "helvede*", "kraftedeme", "for helvede", "fucking", "pik",
        ),
        "insult": (
            "idiot*", "klovn*", "inkompetent*", "uduelig*", "svindler*", "tyv", "tyvene",
            "tyveknægt*", "røvhul*", "kælling*", "amatør*", "løgner*", "fjols*", "nar", "narrer",
            "spasser*", "tabere",
        ),
        "leave": (
            "skifte udbyder*", "skifter udbyder*", "skifte selskab*", "skifter selskab*",
            "anden udbyder*", "andet selskab*", "andet rederi*", "anden operatør*",
            "konkurrent*", "aldrig mere", "aldrig igen", "aldrig ... igen",
            "forlader jer", "ikke længere kunde", "er færdig med jer",
        ),
        "cancel": ("opsige", "opsiger", "opsagt", "opsigelse*", "afmelde abonnement*"),
        "public": (
            "forbrugerrådet", "forbrugerombudsmand*", "ankenævn*", "medierne", "pressen", "avis*",
            "ekstra bladet", "journalist*", "advokat*", "politianmeld*", "anmelde*",
            "sociale medier", "trustpilot",
        ),
        "negated": ("ikke", "aldrig"),
        "conditional": ("hvis", "såfremt", "i tilfælde"),
        "how": ("hvordan", "kan jeg", "hvornår kan", "hvad skal"),
    },
    "fi": {
        "negative": (
            "pettyn*", "pettymy*", "tyytymät*", "huono*", "ärsyttä*", "ärsyyn*", "turhaut*",
            "vihai*", "suutu*", "kyllästy*", "valit*", "reklamaat*", "ei toimi", "ei hyvä",
            "ei ok", "ei kelpaa", "hidas*", "hitaa*", "hyödytö*", "toivoto*", "ei vastausta",
            "vieläkään", "odotan yhä", "olen odottanut", "myöhässä", "myöhästy*", "rikki",
        ),
        "strong_negative": (
            "surkea*", "surkee*", "kamala*", "hirveä*", "kauhea*", "katastrofi*", "naurettava*",
            "skandaali*", "häpeällinen*", "häpeä*", "huijau*", "huijattu*", "vihaan", "paskin",
            "täysin mahdoton*", "säälittäv*", "ala-arvoi*",
        ),
        "profanity": (
            "vittu*", "vitun", "vitu*", "perkele*", "saatana*", "helvetti*", "helvetin", "paska*",
            "kusi*", "perse*", "jumalauta", "helkkari*", "hitto*", "fuck*",
        ),
        "insult": (
            "idioot*", "ääliö*", "kusipää*", "mulkku*", "huijari*",
            "varas", "varkai*", "varkaat", "pelle*", "paskiai*", "epäpätev*", "urpo*", "hölmö*",
            "valehtelij*", "tunari*", "tollo*",
        ),
        "leave": (
            "vaihdan operaattori*", "vaihdan toise*", "vaihdan palveluntarjoaja*",
            "vaihdan yhtiö*", "toiseen yhtiöön", "toiseen varustamoon", "kilpailija*",
            "ei enää ikinä", "en enää ikinä", "en ikinä enää", "ikinä enää", "en ikinä ... enää",
            "lopetan asiakkuu*", "en ole enää asiakkaa*", "lähden muualle", "en enää asioi*",
        ),
        "cancel": ("irtisano*", "lopettaa sopimu*", "lopetan sopimu*", "peruutan tilau*"),
        "public": (
            "kuluttajaviranomai*", "kuluttajariitalautakun*", "kkv", "kuluttaja-asiamie*",
            "kuluttajaneuvon*", "media*", "lehdistö*", "lehte*", "iltalehti*", "ilta-sanomi*",
            "toimittaj*", "asianajaja*", "lakimie*", "poliisi*", "rikosilmoitu*",
            "sosiaalise* media*", "somee*", "somessa", "trustpilot",
        ),
        "negated": ("ei", "en", "et", "eivät"),
        "conditional": ("jos", "mikäli", "siltä varalta"),
        "how": ("miten", "kuinka", "voinko", "voiko"),
    },
    "en": {
        "negative": (
            "disappoint*", "unhappy", "dissatisf*", "bad", "poor*", "annoy*", "irritat*",
            "frustrat*", "angry", "upset", "fed up", "sick of", "tired of", "complain*",
            "not happy", "not good", "not ok", "not okay", "unacceptab*", "slow", "useless",
            "hopeless", "no reply", "no response", "still not", "still waiting", "been waiting",
            "delay*", "broken", "overcharg*",
        ),
        "strong_negative": (
            "terrible", "awful", "horrible", "horrendous", "disgrace*", "ridiculous", "pathetic",
            "joke", "scam*", "ripped off", "rip off", "rip-off", "ripoff", "worst", "hate",
            "completely unacceptab*", "outrageous", "daylight robbery",
            "appalling", "disgusting", "shambles", "atrocious",
        ),
        "profanity": (
            "fuck*", "shit*", "bullshit", "damn*", "goddamn*", "crap*", "wtf", "bloody", "hell",
            "piss*", "bollocks", "fml",
        ),
        "insult": (
            "idiot*", "moron*", "incompetent", "clown*", "scammer*", "thief", "thieves", "crook*",
            "liar*", "asshole*", "arsehole*", "bastard*", "jerk*", "dumbass*", "losers", "retard*",
            "bitch*", "dickhead*", "muppet*", "cunt*", "wanker*",
        ),
        "leave": (
            "switch provider*", "switching provider*", "switch to another",
            "switching to another", "another provider*", "another company", "another airline*",
            "another operator*", "another ferry*", "going to your competitor*", "competitor*",
            "never again", "never ... again", "avoid you*",
            "take my business elsewhere", "i'm leaving", "i am leaving", "done with you",
            "no longer a customer", "lost a customer", "find another provider*",
        ),
        "cancel": (
            "cancel my subscription*", "cancel my contract*", "cancel my account*",
            "cancel my membership*", "cancelling my*", "canceling my*", "close my account*",
            "terminate my*",
        ),
        "public": (
            "lawyer*", "attorney*", "sue", "suing", "legal action", "the press", "media",
            "newspaper*", "journalist*", "go public", "going public", "social media", "twitter",
            "trustpilot", "ombudsman", "consumer council", "report you*", "small claims",
            "telling everyone", "tell everyone", "warn everyone", "warning everyone",
            "the police",
        ),
        "negated": ("not", "never", "isn't", "wasn't", "no"),
        "conditional": ("if", "in case", "should there", "what if"),
        "how": ("how", "can i", "when can", "what do"),
    },
}
# fmt: on

# Swearing in English is common in Nordic social-media posts, so these are checked for every
# language. Not simply the English lists: "hell" means luck in Norwegian.
SHARED_ENGLISH: dict[str, tuple[str, ...]] = {
    "profanity": tuple(p for p in TONE_WORDS["en"]["profanity"] if p != "hell"),
    "insult": TONE_WORDS["en"]["insult"],
}

# Close written languages whose lists are also checked, because detection can confuse them.
RELATED_LANGUAGES: dict[str, tuple[str, ...]] = {
    "nb": ("nn",),
    "nn": ("nb",),
    "sv": (),
    "da": (),
    "fi": (),
    "en": (),
}
