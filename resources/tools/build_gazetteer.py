# ruff: noqa: E501  (the data tables below are one record a line, on purpose)
"""Generate resources/actors.json and resources/things.json from the compact tables below.

Run ``python resources/tools/build_gazetteer.py`` after editing a table; the JSON files are
what ships (``ingest.gazetteer`` reads only them).

Countries come from ``pycountry`` (ISO 3166-1): which ones (all but LEFT_OUT), their alpha-3
code, their official name and ISO name; the name shown is the one news writes (pycountry's
common name, or DISPLAY_NAMES where that is not it: "Turkey", "Russia").  Only what no library
has is typed here, one COUNTRIES row per country: ``ISO3|other names|capitals|adjectives|
demonyms``; NON_ISO and HISTORICAL rows (states ISO 3166-1 does not list) are typed in full:
``name|code|official names|other names|capitals|adjectives|demonyms``.  The output depends on
the installed pycountry, so diff the JSON after upgrading it.  Lists are
``;``-separated.  A leading ``~`` marks a *weak* alias: a word that is also a person's name or
a common place word ("Chad", "Jordan", "the West"), which the matcher drops when it sits next
to another capitalised word ("Michael Jordan", "the West Bank").  Every capital is weak too,
for the same reason ("Washington Post", "George Washington").  Capitals that are common
words or shared with other well-known places (Victoria, Kingston, San José, Georgetown,
St. John's, Male, The Hague) are left out on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent

# Which ISO 3166-1 entries are actors: all of ``pycountry.countries`` except these dependent
# territories and uninhabited areas, which news treats as places rather than actors (and
# whose names collide with other places: "Jersey", "Guernsey").  Add one by deleting its
# code here and giving it a row in COUNTRIES.
_LEFT_OUT = """
ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM ESH FLK FRO GGY GIB GLP GRL
GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU SGS SHN
SJM SPM SXM TCA TKL UMI VGB VIR WLF
"""
LEFT_OUT = frozenset(_LEFT_OUT.split())

# The name news writes, where pycountry's common name (else its ISO name) is not it.  The
# ISO name stays an alias ("Türkiye", "Russian Federation", "Czechia").
DISPLAY_NAMES = {
    "BRN": "Brunei",
    "COD": "DR Congo",
    "CZE": "Czech Republic",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "RUS": "Russia",
    "STP": "São Tomé and Príncipe",
    "TUR": "Turkey",
    "VAT": "Holy See",
}

# What no library has, one row per country in LEFT_OUT's complement, in the order the
# dictionary lists them: ``ISO3|other names|capitals|adjectives|demonyms``.  Other names are
# informal and news names, seat metonyms and the official variants pycountry lacks
# ("Republic of Turkey", "Democratic Republic of the Congo").
COUNTRIES = """
DZA||Algiers|Algerian|
AGO||Luanda|Angolan|
BEN||Porto-Novo;Cotonou|Beninese|
BWA||Gaborone|Botswanan;Motswana|Batswana
BFA||Ouagadougou|Burkinabe;Burkinabè|
BDI||Gitega;Bujumbura|Burundian|
CPV|Cape Verde|Praia|Cape Verdean;Cabo Verdean|
CMR||Yaoundé;Yaounde|Cameroonian|
CAF|~CAR;C.A.R.|Bangui|Central African|
TCD|~Chad|N'Djamena;N’Djamena;Ndjamena|Chadian|
COM|the Comoros|Moroni|Comorian|
COD|Democratic Republic of the Congo;Democratic Republic of Congo;DRC;D.R. Congo;Congo-Kinshasa|Kinshasa|Congolese|
COG|Republic of Congo;Congo-Brazzaville|Brazzaville||
CIV|Ivory Coast;Cote d'Ivoire;Côte d’Ivoire;Cote d’Ivoire|Yamoussoukro;Abidjan|Ivorian|
DJI|||Djiboutian|
EGY||Cairo|Egyptian|
GNQ||Malabo|Equatorial Guinean;Equatoguinean|
ERI|State of Eritrea|Asmara|Eritrean|
SWZ|Swaziland|Mbabane|Swazi|Swazis
ETH||Addis Ababa|Ethiopian|
GAB||Libreville|Gabonese|
GMB|Republic of The Gambia;The Gambia;the Gambia|Banjul|Gambian|
GHA||Accra|Ghanaian|
GIN||Conakry|Guinean|
GNB||Bissau|Bissau-Guinean|
KEN||Nairobi|Kenyan|
LSO||Maseru|Basotho;Mosotho|
LBR||Monrovia|Liberian|
LBY|State of Libya|Tripoli|Libyan|
MDG||Antananarivo|Malagasy|
MWI||Lilongwe|Malawian|
MLI||Bamako|Malian|
MRT||Nouakchott|Mauritanian|
MUS||Port Louis|Mauritian|
MAR||Rabat|Moroccan|
MOZ||Maputo|Mozambican|
NAM||Windhoek|Namibian|
NER|Republic of Niger;~Niger|Niamey|Nigerien|
NGA||Abuja|Nigerian|
RWA|Republic of Rwanda|Kigali|Rwandan|
STP|Democratic Republic of São Tomé and Príncipe|São Tomé;Sao Tome|Santomean|
SEN||Dakar|Senegalese|
SYC|the Seychelles||Seychellois|
SLE||Freetown|Sierra Leonean|
SOM||Mogadishu|Somali|
ZAF||Pretoria|South African|
SSD||Juba|South Sudanese|
SDN|Republic of Sudan;the Sudan|Khartoum|Sudanese|
TZA||Dodoma;Dar es Salaam|Tanzanian|
TGO||Lomé;Lome|Togolese|
TUN||Tunis|Tunisian|
UGA||Kampala|Ugandan|
ZMB||Lusaka|Zambian|
ZWE||Harare|Zimbabwean|
ATG|Antigua||Antiguan|
ARG||Buenos Aires|Argentine;Argentinian|Argentines;Argentinians
BHS|Commonwealth of The Bahamas;The Bahamas;the Bahamas|Nassau|Bahamian|
BRB||Bridgetown|Barbadian;Bajan|
BLZ||Belmopan|Belizean|
BOL||La Paz;Sucre|Bolivian|
BRA||Brasília;Brasilia|Brazilian|
CAN||Ottawa|Canadian|
CHL||Santiago|Chilean|
COL||Bogotá;Bogota|Colombian|
CRI|||Costa Rican|
CUB||Havana|Cuban|
DMA||Roseau||
DOM||Santo Domingo|Dominican|
ECU||Quito|Ecuadorian;Ecuadorean|
SLV||San Salvador|Salvadoran;Salvadorean|
GRD|||Grenadian|
GTM||Guatemala City|Guatemalan|
GUY|Co-operative Republic of Guyana||Guyanese|
HTI||Port-au-Prince|Haitian|
HND||Tegucigalpa|Honduran|
JAM|||Jamaican|
MEX||Mexico City|Mexican|
NIC||Managua|Nicaraguan|
PAN||Panama City|Panamanian|
PRY||Asunción;Asuncion|Paraguayan|
PER||Lima|Peruvian|
KNA|Federation of Saint Kitts and Nevis;St Kitts and Nevis;St. Kitts and Nevis|Basseterre|Kittitian|
LCA|St Lucia;St. Lucia|Castries|Saint Lucian|
VCT|St Vincent and the Grenadines;St. Vincent and the Grenadines|Kingstown|Vincentian|
SUR||Paramaribo|Surinamese|
TTO|Trinidad|Port of Spain|Trinidadian|
USA|U.S.;US;USA;U.S.A.;America;~the States;the White House;White House|Washington|American|
URY|Oriental Republic of Uruguay|Montevideo|Uruguayan|
VEN||Caracas|Venezuelan|
ALB||Tirana|Albanian|
AND||Andorra la Vella|Andorran|
ARM||Yerevan|Armenian|
AUT||Vienna|Austrian|
AZE||Baku|Azerbaijani;Azeri|
BLR|Byelorussia;Belorussia|Minsk|Belarusian;Belarussian|
BEL||Brussels|Belgian|
BIH|Bosnia;Bosnia-Herzegovina;BiH|Sarajevo|Bosnian|
BGR||Sofia|Bulgarian|
HRV||Zagreb|Croatian|Croats;Croatians
CYP||Nicosia|Cypriot|
CZE||Prague|Czech|Czechs
DNK||Copenhagen|Danish|Danes
EST||Tallinn|Estonian|
FIN||Helsinki|Finnish|Finns
FRA|Élysée Palace;the Élysée;the Elysee|Paris|French|Frenchman;Frenchmen;Frenchwoman
GEO|~Georgia|Tbilisi|~Georgian|
DEU||Berlin|German|
GRC||Athens|Greek|Greeks
HUN||Budapest|Hungarian|
ISL||Reykjavik;Reykjavík|Icelandic|Icelanders
IRL|Republic of Ireland;Éire;Eire|Dublin|Irish|
ITA||Rome|Italian|
LVA||Riga|Latvian|
LIE||Vaduz||Liechtensteiners
LTU||Vilnius|Lithuanian|
LUX|||Luxembourgish|Luxembourgers
MLT||Valletta|Maltese|
MDA||Chișinău;Chisinau;Kishinev|Moldovan|
MCO|||Monegasque|
MNE||Podgorica|Montenegrin|
NLD|the Netherlands;Holland|Amsterdam|Dutch|Dutchman
MKD|Macedonia;FYROM|Skopje|Macedonian;North Macedonian|
NOR||Oslo|Norwegian|
POL||Warsaw|Polish|Poles
PRT||Lisbon|Portuguese|
ROU||Bucharest|Romanian|
RUS|the Kremlin;Kremlin|Moscow|Russian|
SMR|||Sammarinese|
SRB||Belgrade|Serbian|Serbs;Serbians
SVK||Bratislava|Slovak;Slovakian|Slovaks
SVN||Ljubljana|Slovenian;Slovene|Slovenes
ESP||Madrid|Spanish|Spaniards
SWE||Stockholm|Swedish|Swedes
CHE||Bern;Berne|Swiss|
TUR|Republic of Turkey;Turkiye|Ankara|Turkish|Turks
UKR||Kyiv;Kiev|Ukrainian|
GBR|UK;U.K.;Britain;Great Britain;Downing Street;Whitehall|London|British|Britons;Briton;Brits
VAT|Vatican;Vatican City;the Vatican|||
AFG|Islamic Emirate of Afghanistan|Kabul|Afghan|Afghans
BHR||Manama|Bahraini|
BGD||Dhaka|Bangladeshi|
BTN||Thimphu|Bhutanese|
BRN||Bandar Seri Begawan|Bruneian|
KHM||Phnom Penh|Cambodian|
CHN|PRC;P.R.C.;mainland China;Zhongnanhai|Beijing|Chinese|
IND||New Delhi|Indian|
IDN||Jakarta|Indonesian|
IRN|Persia|Tehran;Teheran|Iranian|
IRQ||Baghdad|Iraqi|
ISR||Jerusalem|Israeli|
JPN||Tokyo|Japanese|
JOR|~Jordan|Amman|Jordanian|
KAZ||Astana;Nur-Sultan|Kazakh;Kazakhstani|
KWT||Kuwait City|Kuwaiti|
KGZ|Kirghizia|Bishkek|Kyrgyz|
LAO|Lao PDR|Vientiane|Laotian|
LBN||Beirut|Lebanese|
MYS||Kuala Lumpur;Putrajaya|Malaysian|
MDV|the Maldives|Malé|Maldivian|
MNG||Ulaanbaatar;Ulan Bator|Mongolian|
MMR|Republic of the Union of Myanmar;Burma|Naypyidaw;Naypyitaw;Nay Pyi Taw|Burmese|
NPL||Kathmandu|Nepali;Nepalese|
PRK|DPRK;D.P.R.K.|Pyongyang|North Korean|
OMN||Muscat|Omani|
PAK||Islamabad|Pakistani|
PSE|State of Palestine;Palestinian territories|Ramallah|Palestinian|
PHL|the Philippines|Manila|Philippine;Filipino|Filipinos
QAT||Doha|Qatari|
SAU|KSA|Riyadh|Saudi|Saudis
SGP|||Singaporean|
KOR|Republic of Korea;ROK|Seoul|South Korean|
LKA|Ceylon|Colombo|Sri Lankan|
SYR||Damascus|Syrian|
TWN|Republic of China;Chinese Taipei|Taipei|Taiwanese|
TJK||Dushanbe|Tajik;Tajikistani|
THA|Siam|Bangkok|Thai|
TLS|East Timor|Dili|Timorese|
TKM||Ashgabat;Ashkhabad|Turkmen|
ARE|UAE;U.A.E.;the Emirates|Abu Dhabi|Emirati|Emiratis
UZB||Tashkent|Uzbek|Uzbeks
VNM|Socialist Republic of Vietnam|Hanoi|Vietnamese|
YEM||Sanaa;Sana'a|Yemeni|
AUS|Commonwealth of Australia|Canberra|Australian|
FJI||Suva|Fijian|
KIR||Tarawa|I-Kiribati|
MHL|the Marshall Islands|Majuro|Marshallese|
FSM||Palikir|Micronesian|
NRU|||Nauruan|
NZL|NZ|Wellington||New Zealanders
PLW||Ngerulmud|Palauan|
PNG|PNG|Port Moresby|Papua New Guinean|
WSM||Apia|Samoan|
SLB|the Solomon Islands|Honiara|Solomon Islander|
TON||Nukuʻalofa;Nuku'alofa|Tongan|
TUV||Funafuti|Tuvaluan|
VUT||Port Vila|Ni-Vanuatu|
"""

# States that ISO 3166-1 does not list, in the full row format of HISTORICAL:
# ``name|code|official names|other names|capitals|adjectives|demonyms`` (XKX is the code the
# EU and IMF use for Kosovo).
NON_ISO = """
Kosovo|XKX|Republic of Kosovo||Pristina;Prishtina|Kosovar;Kosovan|
"""

# Historical states still named in political news ("Soviet-made", "the Soviet Union").
HISTORICAL = """
Soviet Union|SUN|Union of Soviet Socialist Republics|USSR;U.S.S.R.;Soviet|||Soviets
"""

# Non-country actors: ``name|kind|affiliation|aliases`` (affiliation may be empty).
# ``anaphors`` below lists definite descriptions ("the alliance") that refer back to an
# actor only once it has been named in the same article.
OTHERS = """
NATO|organization||North Atlantic Treaty Organization;N.A.T.O.;North Atlantic Alliance
United Nations|organization||UN;U.N.;United Nations Organization
UN Security Council|organization||UNSC;Security Council;U.N. Security Council;United Nations Security Council
UN General Assembly|organization||UNGA;U.N. General Assembly;United Nations General Assembly
UN Human Rights Council|organization||UNHRC;United Nations Human Rights Council;U.N. Human Rights Council
UNHCR|organization||UN Refugee Agency;United Nations High Commissioner for Refugees;U.N. refugee agency;UN refugee agency
UNICEF|organization||United Nations Children's Fund
UNESCO|organization||United Nations Educational, Scientific and Cultural Organization
UNRWA|organization||United Nations Relief and Works Agency
World Food Programme|organization||WFP;World Food Program
UNDP|organization||United Nations Development Programme
European Union|organization||EU;E.U.;the European Union
European Commission|organization|European Union|the European Commission
European Parliament|organization|European Union|the European Parliament
European Council|organization|European Union|the European Council
European Central Bank|organization|European Union|ECB
Council of Europe|organization||
IAEA|organization||International Atomic Energy Agency;UN nuclear watchdog;U.N. nuclear watchdog
WHO|organization||World Health Organization
IMF|organization||International Monetary Fund
World Bank|organization||
OPEC|organization||Organization of the Petroleum Exporting Countries;OPEC+
G7|organization||G-7;Group of Seven
G20|organization||G-20;Group of 20;Group of Twenty
African Union|organization||~AU
ASEAN|organization||Association of Southeast Asian Nations
OSCE|organization||Organization for Security and Co-operation in Europe;Organization for Security and Cooperation in Europe
WTO|organization||World Trade Organization
International Criminal Court|organization||ICC
International Court of Justice|organization||ICJ;World Court
Arab League|organization||League of Arab States
Gulf Cooperation Council|organization||GCC;Cooperation Council for the Arab States of the Gulf
CSTO|organization||Collective Security Treaty Organization
Shanghai Cooperation Organisation|organization||SCO;Shanghai Cooperation Organization
BRICS|organization||
Red Cross|organization||ICRC;International Committee of the Red Cross
IFRC|organization||International Federation of Red Cross and Red Crescent Societies;Red Crescent
Organisation of Islamic Cooperation|organization||OIC;Organization of Islamic Cooperation
OECD|organization||Organisation for Economic Co-operation and Development;Organization for Economic Cooperation and Development
Commonwealth of Independent States|organization||CIS
Eurasian Economic Union|organization||EAEU
Mercosur|organization||MERCOSUR
Organization of American States|organization||OAS
ECOWAS|organization||Economic Community of West African States
SADC|organization||Southern African Development Community
APEC|organization||Asia-Pacific Economic Cooperation
AUKUS|organization||
Quad|organization||~the Quad;Quadrilateral Security Dialogue
OPCW|organization||Organisation for the Prohibition of Chemical Weapons;Organization for the Prohibition of Chemical Weapons
Interpol|organization||INTERPOL
Europol|organization|European Union|
Frontex|organization|European Union|
Asian Infrastructure Investment Bank|organization||AIIB
EBRD|organization||European Bank for Reconstruction and Development
Amnesty International|organization||
Human Rights Watch|organization||HRW
Doctors Without Borders|organization||Médecins Sans Frontières;MSF
Hamas|organization|Palestine|
Hezbollah|organization|Lebanon|Hizbollah
Taliban|organization|Afghanistan|the Taliban
Islamic State|military||ISIS;ISIL;Daesh;DAESH;IS group
al-Qaeda|military||al-Qaida;Al-Qaeda;Al Qaeda;al Qaeda
PKK|military||Kurdistan Workers' Party;Kurdistan Workers’ Party
YPG|military||People's Protection Units;People’s Protection Units
Syrian Democratic Forces|military||SDF
Houthis|military|Yemen|Houthi;Ansar Allah
Wagner Group|military|Russia|Wagner;PMC Wagner
the West|group||~the West;~Western;Western countries;Western powers;Western allies;the Western world
Global South|group||the Global South
United States Department of Defense|agency|United States|Pentagon;the Pentagon;Department of Defense;Defense Department;DoD;U.S. Department of Defense;US Department of Defense;U.S. Defense Department;US Defense Department;Department of War
United States Department of State|agency|United States|State Department;U.S. State Department;US State Department;Department of State;U.S. Department of State
United States Department of the Treasury|agency|United States|Treasury Department;U.S. Treasury;US Treasury;U.S. Treasury Department;US Treasury Department
Office of Foreign Assets Control|agency|United States|OFAC
United States Department of Commerce|agency|United States|Commerce Department;U.S. Commerce Department;US Commerce Department
United States Department of Justice|agency|United States|Justice Department;U.S. Justice Department;US Justice Department;DOJ
United States Department of Homeland Security|agency|United States|Department of Homeland Security;DHS
United States Congress|organization|United States|~Congress;U.S. Congress;US Congress;Capitol Hill
United States Senate|organization|United States|U.S. Senate;US Senate;Senate Foreign Relations Committee
House of Representatives|organization|United States|U.S. House of Representatives;US House of Representatives;U.S. House
CIA|agency|United States|Central Intelligence Agency
FBI|agency|United States|Federal Bureau of Investigation
National Security Agency|agency|United States|~NSA
United States Army|military|United States|U.S. Army;US Army
United States Navy|military|United States|U.S. Navy;US Navy
United States Air Force|military|United States|U.S. Air Force;US Air Force;USAF
United States Marine Corps|military|United States|U.S. Marine Corps;US Marine Corps;USMC
United States Armed Forces|military|United States|U.S. Armed Forces;US Armed Forces
Foreign, Commonwealth and Development Office|agency|United Kingdom|FCDO;Foreign Office;British Foreign Office
UK Ministry of Defence|agency|United Kingdom|British Ministry of Defence;UK MoD
MI6|agency|United Kingdom|Secret Intelligence Service
MI5|agency|United Kingdom|Security Service
British Armed Forces|military|United Kingdom|British Army;Royal Navy;Royal Air Force;RAF
FSB|agency|Russia|Federal Security Service
SVR|agency|Russia|Foreign Intelligence Service
GRU|agency|Russia|Main Intelligence Directorate
Russian Armed Forces|military|Russia|Russian Army
Russian Ministry of Defence|agency|Russia|Russian Defense Ministry;Russian Defence Ministry;Russian Ministry of Defense
Russian Foreign Ministry|agency|Russia|Russian Ministry of Foreign Affairs;Ministry of Foreign Affairs of the Russian Federation
Armed Forces of Ukraine|military|Ukraine|Ukrainian Armed Forces;Ukrainian Army
People's Liberation Army|military|China|PLA;People’s Liberation Army
Mossad|agency|Israel|
Israel Defense Forces|military|Israel|IDF
Islamic Revolutionary Guard Corps|military|Iran|IRGC;Revolutionary Guards;Revolutionary Guard
Turkish Armed Forces|military|Turkey|TSK;Turkish Army
Turkish Foreign Ministry|agency|Turkey|Turkish Ministry of Foreign Affairs
Turkish Defense Ministry|agency|Turkey|Turkish Defence Ministry;Turkish Ministry of National Defense
Bundeswehr|military|Germany|German Army
Lockheed Martin|company|United States|Lockheed;Lockheed Martin Corp.;Lockheed Martin Corporation
Boeing|company|United States|Boeing Co.;Boeing Company
Raytheon|company|United States|RTX;Raytheon Technologies;Raytheon Co.
Northrop Grumman|company|United States|Northrop;Northrop Grumman Corp.
General Dynamics|company|United States|General Dynamics Corp.
L3Harris|company|United States|L3Harris Technologies
BAE Systems|company|United Kingdom|BAE
Rolls-Royce|company|United Kingdom|
Airbus|company|France|Airbus SE;Airbus Defence and Space
Thales|company|France|Thales Group
Dassault Aviation|company|France|Dassault
Safran|company|France|
MBDA|company|France|
Leonardo|company|Italy|~Leonardo;Leonardo S.p.A.
Rheinmetall|company|Germany|
Krauss-Maffei Wegmann|company|Germany|KMW;KNDS
Saab|company|Sweden|Saab AB
Kongsberg|company|Norway|Kongsberg Gruppen
Rosoboronexport|company|Russia|
Almaz-Antey|company|Russia|
Rostec|company|Russia|
United Aircraft Corporation|company|Russia|UAC
Sukhoi|company|Russia|Sukhoi Company
Gazprom|company|Russia|
Rosneft|company|Russia|
Lukoil|company|Russia|
Rosatom|company|Russia|
Baykar|company|Turkey|Baykar Technologies;Baykar Defense
Aselsan|company|Turkey|ASELSAN
Roketsan|company|Turkey|
Turkish Aerospace Industries|company|Turkey|TUSAŞ;TUSAS;Turkish Aerospace
Havelsan|company|Turkey|HAVELSAN
Norinco|company|China|NORINCO;China North Industries Group
AVIC|company|China|Aviation Industry Corporation of China
Huawei|company|China|Huawei Technologies
ZTE|company|China|
ByteDance|company|China|
Tencent|company|China|
Alibaba|company|China|Alibaba Group
Samsung|company|South Korea|Samsung Electronics
Hanwha|company|South Korea|Hanwha Aerospace
Mitsubishi Heavy Industries|company|Japan|MHI
Israel Aerospace Industries|company|Israel|IAI
Rafael Advanced Defense Systems|company|Israel|
Elbit Systems|company|Israel|Elbit
Apple|company|United States|Apple Inc.;Apple Computer;Apple Computer Inc.;Apple Computers
EMI|company|United Kingdom|EMI Group;EMI Music
Cisco|company|United States|Cisco Systems;Cisco Systems Inc.
IBM|company|United States|International Business Machines
AT&T|company|United States|AT&T Inc.
Verizon|company|United States|Verizon Wireless;Verizon Communications
Sony|company|Japan|Sony Corp.;Sony Corporation
Nokia|company|Finland|Nokia Corp.
Motorola|company|United States|Motorola Inc.
Research In Motion|company|Canada|RIM;Research in Motion
Dell|company|United States|~Dell;Dell Inc.
Hewlett-Packard|company|United States|HP;Hewlett Packard
Yahoo|company|United States|Yahoo!;Yahoo Inc.
Twitter|company|United States|X Corp.
General Motors|company|United States|GM;General Motors Co.
Ford|company|United States|~Ford;Ford Motor;Ford Motor Company
Toyota|company|Japan|Toyota Motor
Volkswagen|company|Germany|VW;Volkswagen Group
Pixar|company|United States|Pixar Animation Studios
Walt Disney Company|company|United States|Disney;Walt Disney Co.
Recep Tayyip Erdoğan|person|Turkey|Erdoğan;Erdogan;Recep Tayyip Erdogan;Tayyip Erdoğan;Tayyip Erdogan
Vladimir Putin|person|Russia|Putin
Volodymyr Zelensky|person|Ukraine|Zelensky;Zelenskyy;Volodymyr Zelenskyy
Joe Biden|person|United States|Biden
Donald Trump|person|United States|~Trump
Barack Obama|person|United States|Obama
Xi Jinping|person|China|
Emmanuel Macron|person|France|Macron
Olaf Scholz|person|Germany|Scholz
Kyriakos Mitsotakis|person|Greece|Mitsotakis
Jens Stoltenberg|person|NATO|Stoltenberg
Mevlüt Çavuşoğlu|person|Turkey|Çavuşoğlu;Cavusoglu;Mevlut Cavusoglu
Hakan Fidan|person|Turkey|Fidan
Antony Blinken|person|United States|Blinken
Sergei Lavrov|person|Russia|Lavrov;Sergey Lavrov
Google|company|United States|Alphabet;Alphabet Inc.
Microsoft|company|United States|Microsoft Corp.
Meta|company|United States|Meta Platforms;Facebook
Amazon|company|United States|~Amazon;Amazon.com
Tesla|company|United States|~Tesla;Tesla Inc.
SpaceX|company|United States|
Nvidia|company|United States|NVIDIA
Intel|company|United States|Intel Corp.
OpenAI|company|United States|
TSMC|company|Taiwan|Taiwan Semiconductor Manufacturing Company
ASML|company|Netherlands|
Saudi Aramco|company|Saudi Arabia|Aramco
"""

ANAPHORS = {"NATO": ["the alliance"], "European Union": ["the bloc"], "OPEC": ["the cartel"]}

# Phrases that contain an actor alias but name something else: matched first so that the
# shorter alias inside them does not fire ("Latin American" is not the United States).
NOT_ACTORS = [
    "Latin America",
    "Latin American",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "African American",
    "African Americans",
    "Native American",
    "Native Americans",
    "Pan American",
    "Indian Ocean",
    "American Samoa",
    "New Mexico",
    "New Jersey",
    "Washington State",
    "Washington state",
    "Georgia Tech",
    "Jordan River",
    "Niger Delta",
    "Turkish Cypriot",
    "Turkish Cypriots",
    "Greek Cypriot",
    "Greek Cypriots",
    "Russian roulette",
    "French fries",
    "Chinese New Year",
    "English Channel",
    "Persian Gulf",
    "Arabian Sea",
    "South China Sea",
    "East China Sea",
    "Sea of Japan",
    "Korean Peninsula",
    "Black Sea",
    "Gulf of Mexico",
    "Turkish Straits",
    "Red Sea",
    "West Bank",
    "Western Europe",
    "Western Sahara",
    "Western Balkans",
    "Western Union",
]

# Named things: ``name|kind|aliases``.
THINGS = """
S-400|weapon|S-400 Triumf;S-400 system;S-400 systems;SA-21
S-300|weapon|S-300 system;SA-10
S-500|weapon|S-500 Prometheus
F-35|aircraft|F-35 program;F-35 programme;Joint Strike Fighter;JSF;F-35 Lightning II;F-35A;F-35B;F-35C
F-16|aircraft|F-16 Fighting Falcon;Fighting Falcon;F-16 Viper;F-16V
F-15|aircraft|F-15 Eagle;F-15EX;F-15E Strike Eagle
F-22|aircraft|F-22 Raptor
F/A-18|aircraft|Super Hornet;F/A-18 Super Hornet
Su-35|aircraft|Sukhoi Su-35
Su-57|aircraft|Sukhoi Su-57
MiG-29|aircraft|Mikoyan MiG-29
Patriot|weapon|Patriot system;Patriot systems;Patriot missile;Patriot missiles;MIM-104 Patriot;PAC-3
THAAD|weapon|Terminal High Altitude Area Defense
Iron Dome|weapon|
NASAMS|weapon|
IRIS-T|weapon|
SAMP/T|weapon|
Aegis|weapon|Aegis Ashore
Bayraktar TB2|aircraft|Bayraktar;TB2;Bayraktar drones;Bayraktar drone
Bayraktar Akıncı|aircraft|Akıncı;Akinci;Bayraktar Akinci
Shahed-136|aircraft|Shahed drones;Shahed drone;Shahed
MQ-9 Reaper|aircraft|MQ-9;Reaper drone;Reaper drones
Javelin|weapon|Javelins;Javelin missiles;Javelin anti-tank missiles
NLAW|weapon|NLAWs
Stinger|weapon|Stingers;Stinger missiles
HIMARS|weapon|M142 HIMARS;High Mobility Artillery Rocket System
ATACMS|weapon|Army Tactical Missile System
Storm Shadow|weapon|SCALP
Tomahawk|weapon|Tomahawk missiles;Tomahawks
Harpoon|weapon|Harpoon missiles
Iskander|weapon|Iskander-M;Iskander missiles
Kinzhal|weapon|Kh-47M2 Kinzhal
Kalibr|weapon|Kalibr missiles
Sarmat|weapon|RS-28 Sarmat
Avangard|weapon|
Leopard 2|weapon|Leopard tanks;Leopard 2 tanks;Leopard 2A6;Leopard 2A4
M1 Abrams|weapon|Abrams tanks;Abrams tank;M1A1 Abrams;M1A2 Abrams
Challenger 2|weapon|Challenger 2 tanks
Eurofighter Typhoon|aircraft|Eurofighter;Eurofighters;Typhoon jets
Rafale|aircraft|Dassault Rafale;Rafale jets
Gripen|aircraft|JAS 39 Gripen;Saab Gripen
KAAN|aircraft|TF-X;TF-X KAAN
Altay|weapon|Altay tank;Altay tanks
New START|treaty|New START treaty;New Strategic Arms Reduction Treaty
INF Treaty|treaty|Intermediate-Range Nuclear Forces Treaty;INF treaty
Iran nuclear deal|treaty|JCPOA;Joint Comprehensive Plan of Action;Iran deal
Non-Proliferation Treaty|treaty|NPT;Nuclear Non-Proliferation Treaty;Treaty on the Non-Proliferation of Nuclear Weapons
Comprehensive Nuclear-Test-Ban Treaty|treaty|CTBT
Open Skies Treaty|treaty|Treaty on Open Skies
Montreux Convention|treaty|Montreux Convention Regarding the Regime of the Straits
Minsk agreements|treaty|Minsk II;Minsk accords;Minsk agreement;Minsk Protocol
Paris Agreement|treaty|Paris climate agreement;Paris climate accord;Paris accord
Abraham Accords|treaty|
Good Friday Agreement|treaty|Belfast Agreement
Dayton Agreement|treaty|Dayton Accords;Dayton Peace Agreement
Camp David Accords|treaty|
Treaty of Lausanne|treaty|Lausanne Treaty
Budapest Memorandum|treaty|
Istanbul Convention|treaty|
Black Sea Grain Initiative|treaty|grain deal;Black Sea grain deal
Schengen Agreement|treaty|Schengen area;Schengen
Article 5|treaty|Article Five
Nord Stream 2|programme|Nord Stream 2 pipeline
Nord Stream|programme|Nord Stream pipeline;Nord Stream pipelines;Nord Stream 1
TurkStream|programme|TurkStream pipeline;Turkish Stream
Power of Siberia|programme|Power of Siberia pipeline
Keystone XL|programme|Keystone XL pipeline
Belt and Road Initiative|programme|Belt and Road;BRI;One Belt, One Road
Marshall Plan|programme|
Lend-Lease|programme|Lend-Lease Act
Brexit|programme|
CAATSA|law|Countering America's Adversaries Through Sanctions Act;Countering America’s Adversaries Through Sanctions Act
Patriot Act|law|USA PATRIOT Act
NDAA|law|National Defense Authorization Act
Inflation Reduction Act|law|IRA
CHIPS Act|law|CHIPS and Science Act
Magnitsky Act|law|Global Magnitsky Act
Windows|product|Microsoft Windows
Android|product|
BlackBerry|product|BlackBerrys
PlayStation|product|
Xbox|product|
Kindle|product|
Starlink|product|
ChatGPT|product|
"""


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split(";") if part.strip()]


def _plural_demonyms(adjectives: list[str]) -> list[str]:
    """ "Russian" → "Russians", "Israeli" → "Israelis"; "-ese"/"-ish" words have no plural."""
    return [a + "s" for a in adjectives if a.endswith(("an", "i"))]


def _entry(
    name: str,
    kind: str,
    aliases: list[str],
    affiliation: str | None,
    code: str | None,
    weak: list[str],
) -> dict:
    seen: set[str] = set()
    unique = []
    for alias in [name, *aliases]:
        if alias not in seen:
            seen.add(alias)
            unique.append(alias)
    entry = {
        "name": name,
        "kind": kind,
        "aliases": unique[1:],
        "affiliation": affiliation,
        "code": code,
    }
    if weak:
        entry["weak"] = sorted(set(weak))
    if name in ANAPHORS:
        entry["anaphors"] = ANAPHORS[name]
    return entry


def _strip_weak(items: list[str], weak: list[str]) -> list[str]:
    out = []
    for item in items:
        if item.startswith("~"):
            item = item[1:]
            weak.append(item)
        out.append(item)
    return out


def _country(
    name: str,
    code: str,
    names: list[str],
    other: str,
    capitals: str,
    adjectives: str,
    demonyms: str,
) -> dict:
    """One country entry: `names` (official and ISO names) first, then the hand-typed fields."""
    weak: list[str] = []
    other_l = _strip_weak(_split(other), weak)
    caps = _split(capitals)
    weak.extend(caps)
    adjs = _strip_weak(_split(adjectives), weak)
    dems = _split(demonyms) or _plural_demonyms(adjs)
    weak.extend(d for d in _plural_demonyms(adjs) if d[:-1] in weak)
    aliases = [*names, *other_l, *caps, *adjs, *dems]
    return _entry(name, "country", aliases, None, code, weak)


def countries(table: str) -> list[dict]:
    """Rows typed in full: ``name|code|official names|other names|capitals|adjectives|demonyms``."""
    rows = []
    for line in table.strip().splitlines():
        name, code, official, *rest = line.split("|")
        rows.append(_country(name, code, _split(official), *rest))
    return rows


def _sorting_form(name: str) -> bool:
    """ISO's list-sorting names ("Korea, Republic of", "Holy See (Vatican City State)"),
    which no article writes."""
    return ", " in name or "(" in name


def iso_names(country) -> tuple[str, list[str]]:
    """A pycountry country's display name and its library names to keep as aliases: the
    official name, then the ISO short name and common name unless in list-sorting form."""
    short = getattr(country, "common_name", None) or country.name
    display = DISPLAY_NAMES.get(country.alpha_3, short)
    official = getattr(country, "official_name", None)
    names = [official] if official else []
    names += [n for n in (country.name, short) if not _sorting_form(n)]
    return display, names


def iso_countries(table: str) -> list[dict]:
    """Every ISO 3166-1 country that is not LEFT_OUT, named by pycountry, with the
    hand-typed rest from `table` (``ISO3|other names|capitals|adjectives|demonyms``)."""
    kept = {c.alpha_3: c for c in pycountry.countries if c.alpha_3 not in LEFT_OUT}
    rows = {}
    for line in table.strip().splitlines():
        code, *rest = line.split("|")
        if code not in kept:
            raise SystemExit(f"{code}: not an ISO 3166-1 country in pycountry, or in LEFT_OUT")
        if code in rows:
            raise SystemExit(f"{code}: two rows")
        display, names = iso_names(kept[code])
        rows[code] = _country(display, code, names, *rest)
    if missing := sorted(set(kept) - set(rows)):
        raise SystemExit(f"no row and not LEFT_OUT (pycountry has new countries?): {missing}")
    return list(rows.values())


def others(table: str) -> list[dict]:
    rows = []
    for line in table.strip().splitlines():
        name, kind, affiliation, aliases = line.split("|")
        weak: list[str] = []
        alias_l = _strip_weak(_split(aliases), weak)
        rows.append(_entry(name, kind, alias_l, affiliation or None, None, weak))
    return rows


def things(table: str) -> list[dict]:
    rows = []
    for line in table.strip().splitlines():
        name, kind, aliases = line.split("|")
        rows.append({"name": name, "kind": kind, "aliases": _split(aliases)})
    return rows


def main() -> None:
    nations = [*iso_countries(COUNTRIES), *countries(NON_ISO)]
    assert len(nations) == 197, len(nations)  # 193 UN members, 2 observers, Taiwan, Kosovo
    actors = [*nations, *countries(HISTORICAL), *others(OTHERS)]
    names = [a["name"] for a in actors]
    assert len(names) == len(set(names)), "duplicate actor name"
    doc = {"version": 1, "actors": actors, "not_actors": NOT_ACTORS}
    (OUT / "actors.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (OUT / "things.json").write_text(
        json.dumps({"version": 1, "things": things(THINGS)}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(actors)} actors ({len(nations)} countries), {len(THINGS.split(chr(10))) - 2} things"
    )


if __name__ == "__main__":
    main()
