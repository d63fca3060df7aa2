"""Word lists the extraction rules read: data, not code.

Each list says what it holds and gives an invented example; the rule modules import them by name.
A list made of others (``HONORIFICS``) is built from them, so no word is written twice.
"""

from __future__ import annotations


def _table(spec: str) -> dict[str, str]:
    """'a b:X c:Y' -> {'a': 'X', 'b': 'X', 'c': 'Y'}: words before a colon map to the code after it."""
    out: dict[str, str] = {}
    pending: list[str] = []
    for item in spec.split():
        if ":" in item:
            word, code = item.split(":", 1)
            for w in [*pending, word]:
                out[w] = code
            pending = []
        else:
            pending.append(item)
    return out


# ---------------------------------------------------------------------- People, offices and bodies (transforms/actors.py)

# Honorifics that say a man: 'Mr Roe said' makes a later 'he' Roe.
HONORIFICS_MALE = {"mr", "mr.", "sir", "lord", "king", "prince", "mister"}

# Honorifics that say a woman: 'Mrs Roe said' makes a later 'she' Roe.
HONORIFICS_FEMALE = {"mrs", "mrs.", "ms", "ms.", "miss", "lady", "dame", "queen", "princess", "baroness"}

# Family words that say a man or a woman: 'his wife, Jane Roe' and 'Tom Roe, her husband' tell two Roes apart.
KIN_MALE = frozenset("husband father son brother widower grandfather grandson uncle nephew".split())
KIN_FEMALE = frozenset("wife mother daughter sister widow grandmother granddaughter aunt niece".split())

# Every honorific, with the ones that say neither: 'Dr Jane Roe'.
HONORIFICS = HONORIFICS_MALE | HONORIFICS_FEMALE | {"dr", "dr.", "prof", "prof.", "professor", "rev", "rev."}

# Honorifics without their full stop: 'mr' for 'Mr.' and 'Mr'.
HONORIFIC_WORDS = frozenset(h.rstrip(".") for h in HONORIFICS)

# Words that make a capitalised phrase a title or office, not a name.
TITLE_WORDS = set(
    """
    president vice prime minister secretary chancellor senator sen. governor gov. mayor judge
    justice attorney general advisor adviser ambassador envoy spokesman spokeswoman spokesperson
    chairman chairwoman chair chief executive director commissioner commander leader deputy
    representative rep. congressman congresswoman mp mep king queen prince princess pope cardinal
    bishop archbishop sheikh emir colonel captain lieutenant sergeant officer inspector detective
    superintendent constable coach manager boss striker midfielder defender goalkeeper ceo founder
    head officials official counterpart former foreign security homeland state home interior defence
    defense finance trade health education culture economy shadow of the for and party first lady dr
    dr. mr mrs ms sir dame lord baroness professor prof analyst economist lawyer solicitor barrister
    actor actress singer star treasurer premier speaker secretary-general director-general
    president-elect qc opposition
    economic development
    """.split()
)

# Common nouns news writers put before or after a company's or club's name.
ORG_DESCRIPTORS = frozenset(
    "giant firm company group club side team bank carrier drugmaker maker retailer airline broadcaster "
    "network operator insurer lender rival rivals outfit conglomerate brand label studio publisher "
    "manufacturer supermarket chain developer producer".split()
)

# Bodies a nationality adjective names on its own: 'the Mexican government', 'British police'.
STATE_BODIES = frozenset("government administration military army navy police embassy parliament cabinet".split())

# Head words that make a proper-noun phrase an organisation.
ORG_HEADS = frozenset(
    """
    cartel party department agency ministry office council commission committee bank union court police patrol
    guard army navy forces force association federation institute university company corporation corp inc ltd plc
    group organisation organization service services parliament congress senate assembly authority board
    foundation club league fund trust network society administration bureau government cabinet coalition alliance
    front movement brigade brigades labs laboratories pharmaceuticals communications holdings partners systems
    technologies motors airlines airways studios records electronics telecom campaign exchange academy
    """.split()
)

# What only a company has, right after its name ('Acme shares', "Acme's subsidiary"): evidence of its type.
COMPANY_NOUNS = frozenset(
    """
    shares shareholders stock subsidiary subsidiaries profits revenues sales takeover bankruptcy headquarters
    factory factories plants stores executives auditors output bosses
    """.split()
)

# Speakers named by a common noun that stand for people or bodies ('officials', 'the delegation').
GROUP_NOUNS = frozenset(
    """
    delegation government administration authorities officials ministers police campaign campaigners
    critics analysts experts residents protesters unions parties party commission committee council sides
    opposition prosecutors investigators researchers scientists doctors lawyers leaders members
    groups organisers organizers judges regulators troops rebels witnesses sources diplomats
    activists voters workers teachers families fans players team club board
    """.split()
)

# Nouns that refer back to the last organisation named ('the company said').
ORG_ANAPHORS = frozenset(
    """
    company firm group club bank agency organisation organization department ministry carrier
    airline retailer studio broadcaster network operator business corporation maker manufacturer
    giant body
    """.split()
)

# Heads of a speaker phrase that stand for someone else named in it: 'an Acme spokesman, Jane Roe,'.
ROLE_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson official officials source sources representative
    representatives aide aides statement delegation lawyer lawyers executive executives director
    analyst analysts
    """.split()
)

# Possessive endings a name sheds: "Acme's" -> 'Acme'.
POSSESSIVE_MARKS = ("'s", "’s", "'", "’")

# Determiners a name or group sheds: 'the Valley Trust' -> 'Valley Trust'.
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}

# Words that count a group rather than name it.
HOW_MANY = frozenset("some several many few hundreds thousands dozens millions scores of more than about nearly almost around over".split())

# Prepositions inside a name, after which 'the' does not start a new one: 'Museum of the Moon'.
NAME_PREPOSITIONS = frozenset("of for on in at".split())

# What a government does that its capital is said to do: "Washington's move", "Rome's provision of a loan".
STATE_ACTS = frozenset(
    "move decision policy position stance response reaction plan proposal offer demand request support opposition "
    "refusal approach strategy provision claim threat sanction announcement recognition shift concession objection "
    "decree warning ultimatum veto".split()
)

# What a capital is coordinated with when it stands for its state: 'the local government and Rome'.
CAPITAL_PARTNERS = frozenset("government authorities regime administration state leadership".split())

# What a people lives under when the capital after 'under' is its government: 'rule under Moscow', not 'tunnels under London'.
RULE_NOUNS = frozenset("autonomy rule control sovereignty jurisdiction pressure sway authority".split())

# Acts against a state: 'protests against Moscow', not 'the game against Paris'.
OPPOSITION_NOUNS = frozenset("movement protest resistance campaign sanction uprising rebellion revolt defiance lawsuit".split())

# Jobs whose 'at X' names an employer.
EMPLOYER_JOBS = frozenset(
    "analyst economist strategist head director chief manager officer researcher professor partner president chairman "
    "chairwoman spokesman spokeswoman spokesperson executive fellow lecturer editor correspondent adviser advisor "
    "lawyer consultant engineer scientist trader vp".split()
)

# Offices that head a department: 'Head of Research at Acme', 'director of Global Markets at Valley Bank'.
DEPARTMENT_HEADS = frozenset("head director chief manager officer vp".split())

# British orders and decorations the model takes for organisations.
HONOURS = frozenset("OBE MBE CBE KBE DBE GBE".split())

# Nouns that introduce the title of a work: 'the film Cast Away', "BBC One's comedy Little Britain".
WORK_NOUNS = frozenset(
    """
    film movie comedy drama sitcom series programme show hit soap documentary album single song novel memoir musical
    opera sequel prequel cartoon game videogame play ballet thriller anthology
    """.split()
)

# Nouns whose 'of X' is a work: 'the storyline of X', 'the creator of X'; and heads of 'games such as X, Y'.
OF_A_WORK = frozenset("storyline episode plot season sequel cast trailer soundtrack finale remake premiere creator author".split())

# Heads of 'such as X': 'games such as Star Quest' (X is a work).
KINDS_OF_WORK = WORK_NOUNS | {"game", "title"}

# Verbs whose 'in X' names a work: 'starred in Shameless', 'appeared in the soap'.
PERFORM_VERBS = frozenset({"star", "appear", "feature", "cast"})

# Words between a channel and the titles it carries: 'ITV1 shows X', 'BBC Two's series X'.
CHANNEL_CARRIES = frozenset(
    "show shows air airs screen screens broadcast broadcasts series drama dramas comedy comedies programme programmes".split()
)

# Lower-case words a quoted title may hold: '"Lost in the Hills"' is still title case.
SMALL_TITLE_WORDS = frozenset("a an the and or of to in on at for with by from is it".split())

# ---------------------------------------------------------------------- Speech (transforms/statements.py)

# What speaks for the person who holds it ('her office said'): the statement is that person's.
PRINCIPAL_NOUNS = frozenset({"office"})

# Titles as written before a name, and the office words a later mention uses ('Gov. Jane Roe' ... 'the governor').
ROLE_ABBREVIATIONS = _table(
    "gov.:governor gov:governor sen.:senator rep.:representative pres.:president gen.:general "
    "lt.:lieutenant sec.:secretary supt.:superintendent atty.:attorney sgt.:sergeant capt.:captain "
    "col.:colonel cmdr.:commander insp.:inspector det.:detective "
)

# Verb lemmas that report what someone said and, with a number in the object, where it came from:
# 'Roe said', 'the ministry estimated 400', 'the agency reported a 5% rise'.
SAYING_VERBS = frozenset(
    """
    report estimate forecast predict announce state reveal disclose quote cite say tell claim add note insist
    argue warn explain confirm
    """.split()
)

# Verb lemmas that report speech: 'Roe said', 'Roe warned that ...', 'Roe denied the claim'.
SPEECH_VERBS = SAYING_VERBS | frozenset(
    """
    stress maintain contend accuse chant shout yell suggest deny admit acknowledge urge write declare assert
    allege complain concede emphasise emphasize indicate mention observe remark reply respond recall repeat
    reiterate vow promise pledge threaten tweet testify express call caution ask agree point reject dismiss
    describe believe think boast counter demand inform object protest question signal underline highlight hint
    speculate assure advise accept brief comment condemn criticise criticize praise welcome conclude
    """.split()
)

# Verbs that report speech only with a clause ("she believes that ..."), never with a bare object.
CLAUSE_ONLY = frozenset(
    """
    believe think agree ask point suggest accept tell inform assure advise brief say add write
    explain note warn
    """.split()
)

# Verbs whose object is who is told, not what.
LISTENER_VERBS = frozenset("tell inform assure advise brief ask".split())

# Verbs that report a request or an order as 'told X to ...': the listener and what they were told to do are the content.
DIRECTIVE_VERBS = frozenset("tell ask urge order instruct advise implore beg".split())

# Verbs whose object is the reported content: "cited a recent agreement", "denied claims that ...".
OBJECT_VERBS = frozenset(
    """
    cite deny reject dismiss announce disclose reveal confirm admit acknowledge accuse call describe
    claim condemn express predict estimate forecast allege criticise criticize demand question urge
    promise pledge vow
    """.split()
)

# Denials keep their verb in the content: the verb is the claim.
KEEP_VERB = {"deny", "reject", "dismiss"}

# "called X Y", "accused X of Y": the whole right side is the content.
RIGHT_SIDE = {"call", "accuse", "describe"}

# A line that invites the reader ('Follow Ann Lee on Twitter @annlee') is a promo, not speech, when it names a network or a handle.
PROMO_OPENERS = frozenset("follow like subscribe sign click download share join".split())
SOCIAL_NETWORKS = frozenset("twitter facebook instagram tiktok youtube linkedin".split())

# Nouns that report what their owner said when a that-clause follows: "the mayor's claim that taxes would rise".
CLAIM_NOUNS = frozenset(
    "claim assertion statement warning argument insistence contention suggestion allegation announcement remark "
    "promise pledge vow admission prediction boast charge accusation".split()
)

# Verbs that introduce a quote after a colon though they are not speech verbs elsewhere ('Roe continued: "..."').
LEAD_IN_VERBS = frozenset("continue tweet post write explain recall joke quip conclude begin reply".split())

# Verbs of a tag set off by commas after or inside what it reports ('..., the mayor said.', 'X, she said, Y').
TAG_VERBS = frozenset("say add report state claim estimate insist argue note explain write warn tell acknowledge".split())

# Object verbs that are speech only when an actor does them to words, never as an action.
OPTIONAL_OBJECT_VERBS = frozenset(
    """
    express welcome praise criticise criticize condemn demand question urge promise pledge vow
    predict estimate forecast confirm announce reveal
    """.split()
)

# Pronouns that refer to a man: 'he said' after 'Mr Roe'.
PRONOUNS_M = {"he", "him"}

# Pronouns that refer to a woman: 'she said' after 'Mrs Roe'.
PRONOUNS_F = {"she", "her"}

# Pronouns that refer to a group: 'they said' after 'the unions'.
PRONOUNS_PL = {"they", "we"}

# Offices held by one person: 'the United boss', 'the club's manager' speak as that person.
PERSON_ROLES = frozenset(
    "boss manager coach chairman chairwoman chief president director leader captain minister secretary "
    "governor founder owner premier chancellor mayor ambassador commissioner".split()
)

# Nouns for findings, which both speak ('the survey found') and carry a source ('figures from the ministry').
FINDINGS_NOUNS = frozenset(
    """
    data figure figures statistic estimate estimates survey study report research
    """.split()
)

# Things, not people, that 'say': a report said, the statement said.
DOCUMENT_NOUNS = FINDINGS_NOUNS | frozenset(
    """
    statement document letter paper ruling poll analysis article website note memo release forecast calculation
    count tally record records findings results
    """.split()
)

# Endings of nouns for people by what they do: 'researchers', 'investors', 'economists', 'residents'.
AGENT_SUFFIXES = ("ers", "ors", "ists", "ians", "ants", "ents", "ees")

# ... and plurals with those endings that name things.
NOT_PEOPLE = frozenset(
    "numbers papers letters orders matters figures documents statements comments reports arguments events elements "
    "governments parliaments departments markets centres centers factors indicators monitors sensors computers "
    "headquarters quarters waters others".split()
)

# ---------------------------------------------------------------------- Sources of figures (transforms/extract.py)

# Verbs whose subject (or, passive, whose agent) is the source of the number in their object:
# 'the Border Patrol recorded 1.8 million', '£7.4m announced by the chancellor'.
REPORTING_VERBS = SAYING_VERBS | frozenset(
    """
    record register count find calculate publish show put stipulate project expect
    """.split()
)

# Subjects that carry their source with them: 'figures from the ministry showed', 'the league's rules stipulate'.
DATA_NOUNS = FINDINGS_NOUNS | frozenset("statistics number numbers".split())

# ---------------------------------------------------------------------- Numbers, money and units (transforms/figures.py)

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}  # fmt: skip

# Currency symbols and their ISO codes: '£5m' -> GBP.
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB"}

# Symbols with a country prefix: 'NZ$40' -> NZD.
CURRENCY_PREFIXES = {"us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD"}

# Currency words and their ISO codes: '40 euros' -> EUR.
CURRENCY_WORDS = _table(
    "dollar dollars:USD euro euros:EUR pound pounds sterling:GBP yen:JPY yuan renminbi:CNY rupee rupees:INR "
    "rouble roubles ruble rubles:RUB franc francs:CHF peso pesos:MXN won:KRW lira:TRY rand:ZAR "
    "krona kronor:SEK krone kroner:NOK real reais:BRL"
)

# ISO codes written as such: 'EUR 300', '300 EUR'.
CURRENCY_CODES = set(_table("USD EUR GBP JPY CNY CHF AUD CAD INR RUB MXN NZD HKD SGD SEK NOK DKK ZAR BRL KRW TRY:x"))

# A country adjective before a currency word names another currency: "Australian dollars" -> AUD.
CURRENCY_COUNTRIES = _table(
    "australian:AUD canadian:CAD hong:HKD kong:HKD singapore:SGD zealand:NZD us:USD american:USD "
    "swiss:CHF mexican:MXN argentine:ARS chilean:CLP colombian:COP philippine:PHP"
)

# Physical unit words and their canonical unit: '20 miles' -> mile.
UNITS = _table(
    "ton tons tonne tonnes:ton mile miles:mile kilometre kilometres kilometer kilometers km:kilometer "
    "kg kilogram kilograms kilogramme kilogrammes:kg gallon gallons:gallon barrel barrels:barrel "
    "hectare hectares:hectare acre acres:acre litre litres liter liters:liter mph:mph kph:kph "
    "gigawatt gigawatts:gigawatt megawatt megawatts:megawatt"
)

# Durations: the unit word goes into the measure, the unit stays NULL (a count of days, years, ...).
TIME_UNITS = {"second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year", "decade", "century",
              "game", "match", "season"}  # fmt: skip

# Length words after an 'm' that make it metres, not millions: '2.5m high'.
DIMENSIONS = {"high", "long", "wide", "tall", "deep", "away", "across"}

# What a dimension adjective after a size measures: 'the 1,900-mile-wide moon' -> 'width of moon'.
DIMENSION_NOUNS = {"high": "height", "tall": "height", "long": "length", "wide": "width", "deep": "depth", "thick": "thickness"}

# Words and signs for per cent: '5%', '5 percent', '5 pc'.
PERCENT_WORDS = {"%", "percent", "pc"}

# Qualifiers that make a figure approximate: 'nearly 400', 'about £5m'.
APPROX = {"nearly", "almost", "about", "around", "roughly", "approximately", "some", "circa", "estimated",
          "approx", "c.", "close to", "virtually", "near", "an estimated", "an average of", "on average"}  # fmt: skip

# Qualifiers that make a figure a floor: 'more than 400', 'at least £5m'.
AT_LEAST = {
    "a minimum of",
    "minimum of",
    "more than",
    "over",
    "at least",
    "above",
    "in excess of",
    "upwards of",
    "no fewer than",
    "no less than",
    "exceeding",
}

# Qualifiers that make a figure a ceiling: 'up to 400', 'fewer than 20'.
AT_MOST = {
    "a maximum of",
    "maximum of",
    "up to",
    "less than",
    "under",
    "fewer than",
    "below",
    "as many as",
    "at most",
    "within",
    "no more than",
    "as much as",
}

# Plural number words that give no value: 'hundreds of people'.
VAGUE_WORDS = {"hundreds", "thousands", "millions", "billions", "dozens", "tens", "scores"}

# Nouns after a hyphenated number word that make an idiom, not a quantity: 'two-bit', 'one-off'.
# Words before a number word that leave its value open: 'several thousand', 'a few hundred'.
VAGUE_QUANTIFIERS = {"several", "few", "many", "some"}

# Words a number word is hyphenated to in an idiom, not a count: 'a one-off', 'two-bit'.
IDIOM_HEADS = {"bit", "off", "way", "sided", "faced", "liner", "horse", "fold", "tier"}

# Container nouns whose 'of' object is what is counted: 'the number of camera phones'.
CONTAINERS = {"number", "total", "amount", "figure", "level", "share", "proportion", "percentage", "sum", "value"}

# Emergency and service phone numbers, and the words that show one is meant ('911 calls').
EMERGENCY_NUMBERS = frozenset({"911", "999", "112", "000", "111", "101", "311"})

# Nouns after an emergency number that show it is one: '911 calls', 'the 999 line'.
EMERGENCY_HEADS = frozenset({"call", "line", "operator", "dispatcher", "dispatch", "service", "system", "number", "center", "centre"})

# Nouns after a distance in 'm' that make it an event or a record, not an amount: 'the 400m final'.
EVENT_NOUNS = frozenset(
    "final finals race races hurdles relay relays sprint sprints freestyle butterfly backstroke breaststroke medley heat heats "
    "semi-final semifinal title record champion champions event events dash swim run runs gold silver bronze".split()
)

# Words that make the number after them a name or a code: 'version 2.0', 'Flight 370'.
CODE_WORDS = frozenset("version release model flight route highway interstate channel platform gate room page".split())

# Street words that make a number before a name an address: '221 Elm Street'.
STREET_WORDS = frozenset("street st road rd avenue ave lane drive boulevard place square way terrace crescent court".split())

# Verbs and nouns of a result: 'won 4-1', 'a 2-0 defeat'.
SCORE_WORDS = frozenset("win won beat beaten lose lost draw drew drawn lead led trail trailed victory defeat loss score scored".split())

# A sum as the object of these verbs measures what the verb names: 'took $42.8m' -> takings.
MONEY_VERB_MEASURES = {
    "take": "takings",
    "gross": "takings",
    "earn": "earnings",
    "spend": "spending",
    "borrow": "borrowing",
    "invest": "investment",
    "save": "savings",
    "owe": "debt",
    "sell": "sales",
}

# Verbs of change: the amount they take is a change, not a level ('fell 3.4%'); nouns of change are quantities.CHANGE_NOUNS.
CHANGE_VERBS = frozenset(
    "rise fall increase decrease grow drop decline climb jump slip slump surge gain lose cut reduce raise lift lower soar "
    "plunge tumble rally ease shed add boost slash shrink widen narrow contract expand dip sink rebound advance retreat".split()
)

# ---------------------------------------------------------------------- Measure keys (transforms/quantities.py)

# Nouns of change (lemmas): a number before one is a change ('a 3% rise', transforms/figures.py), and a
# measure headed by one is keyed by the noun it changes ('job cuts' -> 'job').
CHANGE_NOUNS = frozenset(
    "rise fall increase decrease growth drop decline climb jump gain loss cut reduction hike boost slump surge".split()
)

# Heads a measure is keyed through as well, though a number before one is a level ('budget deficit' -> 'budget').
KEYED_THROUGH = CHANGE_NOUNS | {"change", "shortfall", "deficit", "surplus"}

# Words a measure key drops: 'the total annual budget' -> 'budget'.
MEASURE_NOISE = frozenset(
    "a an the its their his her our this that these those some all about around nearly almost more than less over under "
    "up to at least most per cent percent new extra additional further total annual yearly monthly".split()
)

# Currency, unit and scale words a measure key drops: 'million barrels of oil' -> 'oil'.
UNIT_WORDS = frozenset(
    "dollar dollars euro euros pound pounds sterling yen yuan rupee rupees rouble roubles franc francs peso pesos won "
    "ton tons tonne tonnes mile miles kilometre kilometres kilometer kilometers km kg kilogram kilograms gallon gallons "
    "barrel barrels hectare hectares acre acres litre litres liter liters mph kph gigawatt gigawatts megawatt megawatts "
    "million millions billion billions thousand thousands trillion bn m k".split()
)

# Words that say how much, never of what: a measure headed by one alone has no key ('hit a record',
# 'reached a new high', 'the total'), so sums of different things never group under it.
GENERIC_HEADS = frozenset(
    "mark record level total figure amount number sum value rise fall increase decrease drop decline gain jump "
    "change high low peak height lot bit part one".split()
)

# Container nouns whose 'of' object is what is counted: 'the number of camera phones' -> 'phone'.
COUNTED_CONTAINERS = frozenset("number total amount share proportion percentage sum value level".split())

# Plural endings that are not plurals.
NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ics", "news", "series", "species", "data")

# Words that open what follows a measure's head noun: 'respondents aged 12 to 17', 'the number who said ...'.
POST_MODIFIER_STARTS = frozenset(
    "who whom whose which that where when in on at for from among with by between during since than to aged including".split()
)

# Plurals with no final s: 'people' is counted like 'residents'.
PLURAL_NOUNS = frozenset("people children men women police staff".split())

# English function words: their share in a line tells prose ('The council said it would ...') from
# page furniture ('Markets Policy Utility-scale PV') without a parser (transforms/reading/lines.py).
FUNCTION_WORDS = frozenset(
    "the a an of to in on at for with by from and or but not no as is are was were be been being has have had do does "
    "did it its it's this that these those he she they we you i his her their our your my him them us who which what "
    "when where why how than then there here so if would will could should can may might must also just about after "
    "before over into more most some any all one said says".split()
)
