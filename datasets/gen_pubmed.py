#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gen_pubmed.py - deterministic synthetic PubMed/MEDLINE corpus generator.

Writes baseline-shaped and update-shaped PubMed XML files (the NLM layout:
XML declaration, the real DOCTYPE line, PubmedArticleSet > PubmedArticle >
MedlineCitation + PubmedData, two-space indentation, DeleteCitation at the end
of update files) and a ground-truth sidecar, truth.json, describing the final
state after applying all files in order.

Everything is synthetic: names, titles, abstracts, institutions and ids are
made from small hand-written lists and patterns in this file. Same --seed and
same size options give byte-identical output, whatever --jobs is.

Standard library only; run with /usr/bin/python3.

Example:
    datasets/gen_pubmed.py --out /tmp/corpus --seed 1 --baseline 4 \
        --records-per-file 30000 --updates 1 --jobs 2

Output files: <prefix>0001.xml.gz ... (baseline), then the update files,
numbered after the baseline like NLM's updatefiles, so sorting by name gives
the order to apply them in.
"""

import argparse
import bisect
import json
import multiprocessing
import os
import random
import struct
import sys
import time
import zlib

DOCTYPE = ('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
           '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')
HEADER = '<?xml version="1.0" encoding="utf-8"?>\n' + DOCTYPE + '\n<PubmedArticleSet>\n'
FOOTER = '</PubmedArticleSet>\n'

YEAR_MIN, YEAR_MAX = 1990, 2025

# ---------------------------------------------------------------------------
# Countries.  CC|weight|growth|names|lang|namegroup|email tld|postal|cities
#   weight: relative share of affiliations (about PubMed's recent shares)
#   growth: e = emerging (share ramps up from 1990 to 2020)
#   names: first is the usual form, the others are variants seen in PubMed
#   postal: <fmt = "12345 City", >fmt = "City 12345" (# digit, A letter)
#   cities: City[:region code[:region name]]
# US, CN, HK, MO, TW, GB, CA, AU, BR have their own address styles below.
# ---------------------------------------------------------------------------
COUNTRY_TABLE = r"""
US|2400||USA/United States/United States of America/U.S.A.|us|en|edu||
CN|1900|e|China/P.R. China/People's Republic of China/PR China/P. R. China|cn|zh|edu.cn||
GB|620||UK/United Kingdom/U.K.|gb|en|ac.uk||London:ENG,Oxford:ENG,Cambridge:ENG,Manchester:ENG,Edinburgh:SCT,Glasgow:SCT,Birmingham:ENG,Bristol:ENG,Leeds:ENG,Liverpool:ENG,Cardiff:WLS,Newcastle upon Tyne:ENG,Sheffield:ENG,Nottingham:ENG,Southampton:ENG,Belfast:NIR,Dundee:SCT,Leicester:ENG
DE|560||Germany/Deutschland|de|de|de|<#####|Berlin,Munich,Hamburg,Heidelberg,Frankfurt am Main,Cologne,Tübingen,Freiburg,Göttingen,Leipzig,Dresden,Hannover,Mainz,Würzburg,Münster,Bonn,Düsseldorf,Erlangen,Kiel,Aachen,Ulm,Regensburg
JP|480||Japan|ja|ja|ac.jp|>###-####|Tokyo,Osaka,Kyoto,Nagoya,Sapporo,Fukuoka,Sendai,Kobe,Chiba,Yokohama,Hiroshima,Okayama,Niigata,Kumamoto,Kanazawa,Nagasaki,Tsukuba
IT|430||Italy/Italia|it|it|it|<#####|Rome,Milan,Naples,Turin,Bologna,Florence,Padua,Genoa,Pisa,Verona,Palermo,Bari,Pavia,Siena,Catania,Modena,Parma
FR|350||France|fr|fr|fr|<#####|Paris,Lyon,Marseille,Toulouse,Bordeaux,Lille,Montpellier,Strasbourg,Nantes,Grenoble,Rennes,Nice,Dijon,Clermont-Ferrand,Tours
CA|330||Canada|ca|en|ca||Toronto:ON:Ontario,Montreal:QC:Quebec,Vancouver:BC:British Columbia,Calgary:AB:Alberta,Edmonton:AB:Alberta,Ottawa:ON:Ontario,Hamilton:ON:Ontario,Winnipeg:MB:Manitoba,Halifax:NS:Nova Scotia,Quebec City:QC:Quebec,Saskatoon:SK:Saskatchewan,London:ON:Ontario,Kingston:ON:Ontario
IN|330|e|India|in|in|ac.in|>######|New Delhi,Mumbai,Chennai,Bangalore,Kolkata,Hyderabad,Pune,Lucknow,Chandigarh,Vellore,Manipal,Jaipur,Ahmedabad,Bhubaneswar
AU|300||Australia|au|en|edu.au||Sydney:NSW:New South Wales,Melbourne:VIC:Victoria,Brisbane:QLD:Queensland,Perth:WA:Western Australia,Adelaide:SA:South Australia,Hobart:TAS:Tasmania,Canberra:ACT:Australian Capital Territory,Newcastle:NSW:New South Wales
KR|300|e|Republic of Korea/Korea/South Korea/Korea (South)|ko|ko|ac.kr|>#####|Seoul,Busan,Daegu,Incheon,Gwangju,Daejeon,Suwon,Ulsan,Cheongju,Jeonju
ES|300||Spain/España|es|es|es|<#####|Madrid,Barcelona,Valencia,Seville,Bilbao,Granada,Salamanca,Zaragoza,Málaga,Santiago de Compostela,Pamplona,Oviedo
BR|260|e|Brazil/Brasil|br|pt|br||São Paulo:SP,Rio de Janeiro:RJ,Belo Horizonte:MG,Porto Alegre:RS,Curitiba:PR,Recife:PE,Salvador:BA,Campinas:SP,Florianópolis:SC,Brasília:DF,Fortaleza:CE,Ribeirão Preto:SP,Goiânia:GO
NL|200||The Netherlands/Netherlands|nl|nl|nl|<#### AA|Amsterdam,Rotterdam,Utrecht,Leiden,Groningen,Nijmegen,Maastricht,Eindhoven,Delft
IR|170|e|Iran/Islamic Republic of Iran/I.R. Iran|fa|fa|ac.ir||Tehran,Shiraz,Mashhad,Isfahan,Tabriz,Kerman,Ahvaz
TR|160|e|Turkey/Türkiye|tr|tr|edu.tr|<#####|Istanbul,Ankara,Izmir,Bursa,Konya,Antalya,Kayseri,Samsun
CH|140||Switzerland/Suisse/Schweiz|de|de|ch|<####|Zurich,Basel,Geneva,Bern,Lausanne
SE|130||Sweden|nordic|nordic|se|<### ##|Stockholm,Gothenburg,Uppsala,Lund,Umeå,Linköping,Malmö
PL|110||Poland|sl|sl|pl|<##-###|Warsaw,Kraków,Wrocław,Poznań,Gdańsk,Łódź,Lublin
TW|100||Taiwan/Taiwan, ROC/Taiwan, R.O.C.|tw|zh|edu.tw||Taipei,Taichung,Kaohsiung,Tainan,Taoyuan,Hsinchu
BE|90||Belgium|nl|nl|be|<####|Brussels,Leuven,Ghent,Antwerp,Liège
DK|90||Denmark|nordic|nordic|dk|<####|Copenhagen,Aarhus,Odense,Aalborg
SA|80|e|Saudi Arabia/Kingdom of Saudi Arabia|ar|ar|edu.sa||Riyadh,Jeddah,Dammam,Medina,Abha
EG|80|e|Egypt|ar|ar|edu.eg||Cairo,Alexandria,Mansoura,Assiut,Zagazig,Tanta
PK|70|e|Pakistan|en|ar|edu.pk||Karachi,Lahore,Islamabad,Peshawar,Rawalpindi,Faisalabad
AT|65||Austria|de|de|at|<####|Vienna,Graz,Innsbruck,Salzburg,Linz
IL|60||Israel|en|en|ac.il||Tel Aviv,Jerusalem,Haifa,Beer Sheva,Rehovot
NO|60||Norway|nordic|nordic|no|<####|Oslo,Bergen,Trondheim,Tromsø
MX|55|e|Mexico/México|es|es|mx||Mexico City,Guadalajara,Monterrey,Puebla,Mérida
FI|50||Finland|nordic|nordic|fi|<#####|Helsinki,Turku,Tampere,Oulu,Kuopio
PT|50||Portugal|pt|pt|pt|<####-###|Lisbon,Porto,Coimbra,Braga
GR|50||Greece|en|gr|gr|<### ##|Athens,Thessaloniki,Heraklion,Patras,Ioannina
HK|50||Hong Kong SAR, China/Hong Kong, China/Hong Kong/Hong Kong SAR|hk|zh|hk||Hong Kong
SG|45||Singapore|en|zh|edu.sg|>######|Singapore
RU|45||Russia/Russian Federation|sl|sl|ru|<######|Moscow,Saint Petersburg,Novosibirsk,Kazan,Tomsk
CZ|40||Czech Republic/Czechia|sl|sl|cz|<### ##|Prague,Brno,Olomouc,Hradec Králové
ZA|40||South Africa|en|af|ac.za||Cape Town,Johannesburg,Pretoria,Durban,Stellenbosch
TH|40|e|Thailand|en|sea|ac.th|>#####|Bangkok,Chiang Mai,Khon Kaen,Songkhla
MY|40|e|Malaysia|en|sea|edu.my|<#####|Kuala Lumpur,Penang,Johor Bahru,Kota Kinabalu
NG|35|e|Nigeria|en|af|edu.ng||Lagos,Ibadan,Abuja,Enugu,Zaria,Ile-Ife
IE|35||Ireland|en|en|ie||Dublin,Cork,Galway,Limerick
NZ|30||New Zealand|en|en|ac.nz||Auckland,Wellington,Christchurch,Dunedin
AR|30||Argentina|es|es|ar||Buenos Aires,Córdoba,Rosario,La Plata,Mendoza
CL|25||Chile|es|es|cl||Santiago,Valparaíso,Concepción,Temuco
CO|25|e|Colombia|es|es|co||Bogotá,Medellín,Cali,Barranquilla,Bucaramanga
HU|25||Hungary|en|sl|hu|<####|Budapest,Debrecen,Szeged,Pécs
BD|20|e|Bangladesh|en|in|ac.bd||Dhaka,Chittagong,Rajshahi,Sylhet
RO|20||Romania|en|sl|ro||Bucharest,Cluj-Napoca,Iași,Timișoara
AE|15|e|United Arab Emirates/UAE|ar|ar|ac.ae||Abu Dhabi,Dubai,Al Ain,Sharjah
ET|15|e|Ethiopia|en|af|edu.et||Addis Ababa,Gondar,Jimma,Mekelle
ID|15|e|Indonesia|en|sea|ac.id||Jakarta,Bandung,Yogyakarta,Surabaya,Denpasar
KE|12|e|Kenya|en|af|ac.ke||Nairobi,Kisumu,Eldoret,Kilifi
IQ|12|e|Iraq|ar|ar|edu.iq||Baghdad,Basrah,Erbil,Mosul
TN|12||Tunisia|fr|ar|tn||Tunis,Sfax,Sousse,Monastir
RS|12||Serbia|sl|sl|rs||Belgrade,Novi Sad,Niš,Kragujevac
VN|12|e|Vietnam/Viet Nam|en|sea|edu.vn||Hanoi,Ho Chi Minh City,Hue,Da Nang
QA|10|e|Qatar|ar|ar|qa||Doha
JO|10||Jordan|ar|ar|edu.jo||Amman,Irbid
MA|10||Morocco|fr|ar|ma||Rabat,Casablanca,Marrakech,Fez
HR|10||Croatia|sl|sl|hr||Zagreb,Split,Rijeka,Osijek
NP|10|e|Nepal|en|in|edu.np||Kathmandu,Pokhara,Dharan
SI|8||Slovenia|sl|sl|si|<SI-####|Ljubljana,Maribor
LB|8||Lebanon|ar|ar|edu.lb||Beirut,Byblos
DZ|8||Algeria|fr|ar|dz||Algiers,Oran,Constantine
GH|8|e|Ghana|en|af|edu.gh||Accra,Kumasi,Tamale,Cape Coast
PH|8||Philippines|en|sea|edu.ph||Manila,Quezon City,Cebu City
UG|7|e|Uganda|en|af|ac.ug||Kampala,Mbarara,Gulu
LK|6||Sri Lanka|en|in|ac.lk||Colombo,Kandy,Peradeniya
SK|6||Slovakia/Slovak Republic|sl|sl|sk||Bratislava,Košice,Martin
UA|6||Ukraine|sl|sl|ua||Kyiv,Kharkiv,Lviv,Odesa
PE|6||Peru|es|es|pe||Lima,Arequipa,Cusco
TZ|6|e|Tanzania/United Republic of Tanzania|en|af|ac.tz||Dar es Salaam,Moshi,Mwanza
BG|5||Bulgaria|sl|sl|bg||Sofia,Plovdiv,Varna
LT|5||Lithuania|sl|sl|lt||Vilnius,Kaunas
KW|5||Kuwait|ar|ar|edu.kw||Kuwait City
EE|4||Estonia|nordic|nordic|ee||Tartu,Tallinn
EC|4||Ecuador|es|es|ec||Quito,Guayaquil,Cuenca
CU|4||Cuba|es|es|cu||Havana,Santa Clara
CM|4||Cameroon|fr|af|cm||Yaoundé,Douala
KZ|4||Kazakhstan|sl|sl|kz||Almaty,Astana
SD|4||Sudan|ar|ar|edu.sd||Khartoum
OM|4||Oman|ar|ar|om||Muscat
PR|4||Puerto Rico|es|es|edu||San Juan,Ponce,Mayagüez
LV|3||Latvia|sl|sl|lv||Riga
IS|3||Iceland|nordic|nordic|is||Reykjavik
LU|3||Luxembourg|fr|fr|lu||Luxembourg,Esch-sur-Alzette
CY|3||Cyprus|en|gr|ac.cy||Nicosia,Limassol
BA|3||Bosnia and Herzegovina|sl|sl|ba||Sarajevo,Banja Luka,Tuzla
BH|3||Bahrain|ar|ar|bh||Manama
UY|3||Uruguay|es|es|uy||Montevideo
VE|3||Venezuela|es|es|ve||Caracas,Maracaibo
CR|3||Costa Rica|es|es|cr||San José,Heredia
MW|3||Malawi|en|af|mw||Blantyre,Lilongwe
SY|3||Syria/Syrian Arab Republic|ar|ar|sy||Damascus,Aleppo,Latakia
PS|3||Palestine|ar|ar|edu.ps||Ramallah,Nablus,Gaza
MO|3||Macau, China/Macao, China/Macau SAR, China/Macao|mo|zh|mo||Macau
AM|2||Armenia|sl|sl|am||Yerevan
GE|2||Georgia|sl|sl|ge||Tbilisi,Batumi
MT|2||Malta|en|en|edu.mt||Msida,Valletta
BY|2||Belarus|sl|sl|by||Minsk,Grodno
MK|2||North Macedonia|sl|sl|mk||Skopje
PA|2||Panama|es|es|pa||Panama City
RW|2||Rwanda|en|af|ac.rw||Kigali,Butare
SN|2||Senegal|fr|af|sn||Dakar,Saint-Louis
CI|2||Côte d'Ivoire/Ivory Coast|fr|af|ci||Abidjan,Bouaké
BF|2||Burkina Faso|fr|af|bf||Ouagadougou,Bobo-Dioulasso
ZM|2||Zambia|en|af|zm||Lusaka,Ndola
ZW|2||Zimbabwe|en|af|ac.zw||Harare,Bulawayo
LY|2||Libya|ar|ar|ly||Tripoli,Benghazi
UZ|2||Uzbekistan|sl|sl|uz||Tashkent,Samarkand
KH|2||Cambodia|en|sea|kh||Phnom Penh,Siem Reap
MM|2||Myanmar|en|sea|mm||Yangon,Mandalay
MZ|1.5||Mozambique|pt|af|mz||Maputo,Beira
YE|1.5||Yemen|ar|ar|ye||Sanaa,Aden
MN|1||Mongolia|en|sea|mn||Ulaanbaatar
AF|1||Afghanistan|en|ar|af||Kabul,Herat
AZ|1||Azerbaijan|sl|sl|az||Baku
MD|1||Moldova/Republic of Moldova|sl|sl|md||Chișinău
AL|1||Albania|sl|sl|al||Tirana
PY|1||Paraguay|es|es|py||Asunción
BO|1||Bolivia|es|es|bo||La Paz,Cochabamba
GT|1||Guatemala|es|es|gt||Guatemala City
DO|1||Dominican Republic|es|es|do||Santo Domingo
JM|1||Jamaica|en|en|jm||Kingston
TT|1||Trinidad and Tobago|en|en|tt||St. Augustine,Port of Spain
ML|1||Mali|fr|af|ml||Bamako
BJ|1||Benin|fr|af|bj||Cotonou
BW|1||Botswana|en|af|bw||Gaborone
MG|1||Madagascar|fr|af|mg||Antananarivo
CD|1||Democratic Republic of the Congo/DR Congo|fr|af|cd||Kinshasa,Lubumbashi
SL|1||Sierra Leone|en|af|sl||Freetown
KG|1||Kyrgyzstan|sl|sl|kg||Bishkek
LA|1||Laos/Lao PDR|en|sea|la||Vientiane
GA|0.5||Gabon|fr|af|ga||Libreville,Franceville
NE|0.5||Niger|fr|af|ne||Niamey
TG|0.5||Togo|fr|af|tg||Lomé
NA|0.5||Namibia|en|af|na||Windhoek
MU|0.5||Mauritius|en|in|mu||Réduit,Port Louis
HN|0.5||Honduras|es|es|hn||Tegucigalpa
HT|0.5||Haiti|fr|fr|ht||Port-au-Prince
FJ|0.5||Fiji|en|en|fj||Suva
PG|0.5||Papua New Guinea|en|en|pg||Port Moresby,Goroka
BN|0.5||Brunei/Brunei Darussalam|en|sea|bn||Bandar Seri Begawan
LR|0.5||Liberia|en|af|lr||Monrovia
GM|0.5||The Gambia/Gambia|en|af|gm||Banjul,Fajara
GN|0.5||Guinea|fr|af|gn||Conakry
ME|0.5||Montenegro|sl|sl|me||Podgorica
XK|0.5||Kosovo|sl|sl|net||Pristina
TJ|0.5||Tajikistan|sl|sl|tj||Dushanbe
SV|0.3||El Salvador|es|es|sv||San Salvador
NI|0.3||Nicaragua|es|es|ni||Managua,León
BB|0.3||Barbados|en|en|bb||Bridgetown
SO|0.3||Somalia|ar|ar|so||Mogadishu
CG|0.3||Republic of the Congo|fr|af|cg||Brazzaville
AO|0.3||Angola|pt|af|ao||Luanda
BT|0.3||Bhutan|en|in|bt||Thimphu
MC|0.3||Monaco|fr|fr|mc||Monaco
SZ|0.2||Eswatini/Swaziland|en|af|sz||Mbabane
LS|0.2||Lesotho|en|af|ls||Maseru
MR|0.2||Mauritania|fr|ar|mr||Nouakchott
TD|0.2||Chad|fr|af|td||N'Djamena
BI|0.2||Burundi|fr|af|bi||Bujumbura
SS|0.2||South Sudan|en|af|ss||Juba
MV|0.2||Maldives|en|in|mv||Malé
LI|0.2||Liechtenstein|de|de|li||Vaduz
GU|0.2||Guam|en|en|edu||Mangilao,Hagåtña
BS|0.2||Bahamas/The Bahamas|en|en|bs||Nassau
GY|0.1||Guyana|en|en|gy||Georgetown
GL|0.1||Greenland|nordic|nordic|gl||Nuuk
FO|0.1||Faroe Islands|nordic|nordic|fo||Tórshavn
IM|0.1||Isle of Man|en|en|im||Douglas
JE|0.1||Jersey|en|en|je||St Helier
GG|0.05||Guernsey|en|en|gg||St Peter Port
WS|0.1||Samoa|en|en|ws||Apia
ER|0.1||Eritrea|en|af|er||Asmara
DJ|0.1||Djibouti|fr|ar|dj||Djibouti
CV|0.1||Cabo Verde/Cape Verde|pt|pt|cv||Praia
CF|0.1||Central African Republic|fr|af|cf||Bangui
AD|0.1||Andorra|es|es|ad||Andorra la Vella
SM|0.1||San Marino|it|it|sm||San Marino
"""

US_CITIES = r"""
Boston|MA|Massachusetts|021
Cambridge|MA|Massachusetts|021
Worcester|MA|Massachusetts|016
New York|NY|New York|100
Rochester|NY|New York|146
Buffalo|NY|New York|142
Bronx|NY|New York|104
Philadelphia|PA|Pennsylvania|191
Pittsburgh|PA|Pennsylvania|152
Hershey|PA|Pennsylvania|170
Baltimore|MD|Maryland|212
Bethesda|MD|Maryland|208
Washington|DC|District of Columbia|200
Chapel Hill|NC|North Carolina|275
Durham|NC|North Carolina|277
Winston-Salem|NC|North Carolina|271
Atlanta|GA|Georgia|303
Miami|FL|Florida|331
Gainesville|FL|Florida|326
Tampa|FL|Florida|336
Nashville|TN|Tennessee|372
Memphis|TN|Tennessee|381
Birmingham|AL|Alabama|352
Houston|TX|Texas|770
Dallas|TX|Texas|752
Austin|TX|Texas|787
San Antonio|TX|Texas|782
Chicago|IL|Illinois|606
Urbana|IL|Illinois|618
Ann Arbor|MI|Michigan|481
Detroit|MI|Michigan|482
Cleveland|OH|Ohio|441
Columbus|OH|Ohio|432
Cincinnati|OH|Ohio|452
Indianapolis|IN|Indiana|462
Madison|WI|Wisconsin|537
Milwaukee|WI|Wisconsin|532
Minneapolis|MN|Minnesota|554
Rochester|MN|Minnesota|559
St. Louis|MO|Missouri|631
Kansas City|MO|Missouri|641
Denver|CO|Colorado|802
Aurora|CO|Colorado|800
Salt Lake City|UT|Utah|841
Phoenix|AZ|Arizona|850
Tucson|AZ|Arizona|857
Los Angeles|CA|California|900
San Francisco|CA|California|941
Stanford|CA|California|943
La Jolla|CA|California|920
San Diego|CA|California|921
Sacramento|CA|California|958
Irvine|CA|California|926
Seattle|WA|Washington|981
Portland|OR|Oregon|972
New Haven|CT|Connecticut|065
Providence|RI|Rhode Island|029
Iowa City|IA|Iowa|522
Omaha|NE|Nebraska|681
Lexington|KY|Kentucky|405
Louisville|KY|Kentucky|402
Charleston|SC|South Carolina|294
New Orleans|LA|Louisiana|701
Albuquerque|NM|New Mexico|871
Honolulu|HI|Hawaii|968
Burlington|VT|Vermont|054
Lebanon|NH|New Hampshire|037
Richmond|VA|Virginia|232
Charlottesville|VA|Virginia|229
Oklahoma City|OK|Oklahoma|731
Little Rock|AR|Arkansas|722
Jackson|MS|Mississippi|392
Morgantown|WV|West Virginia|265
Newark|NJ|New Jersey|071
New Brunswick|NJ|New Jersey|089
Princeton|NJ|New Jersey|085
"""

CN_CITIES = r"""
Beijing|Beijing|100
Shanghai|Shanghai|200
Guangzhou|Guangdong|510
Shenzhen|Guangdong|518
Hangzhou|Zhejiang|310
Wenzhou|Zhejiang|325
Nanjing|Jiangsu|210
Suzhou|Jiangsu|215
Wuhan|Hubei|430
Chengdu|Sichuan|610
Xi'an|Shaanxi|710
Changsha|Hunan|410
Tianjin|Tianjin|300
Chongqing|Chongqing|400
Shenyang|Liaoning|110
Dalian|Liaoning|116
Harbin|Heilongjiang|150
Jinan|Shandong|250
Qingdao|Shandong|266
Zhengzhou|Henan|450
Hefei|Anhui|230
Fuzhou|Fujian|350
Xiamen|Fujian|361
Kunming|Yunnan|650
Nanning|Guangxi|530
Nanchang|Jiangxi|330
Lanzhou|Gansu|730
Changchun|Jilin|130
Taiyuan|Shanxi|030
Shijiazhuang|Hebei|050
Guiyang|Guizhou|550
Urumqi|Xinjiang|830
Hohhot|Inner Mongolia|010
"""

# Named institutions (in addition to the pattern-made ones): CC|city|name
FAMOUS = r"""
US|Boston|Harvard Medical School
US|Boston|Massachusetts General Hospital
US|Boston|Brigham and Women's Hospital
US|Boston|Dana-Farber Cancer Institute
US|Cambridge|Massachusetts Institute of Technology
US|Baltimore|Johns Hopkins University School of Medicine
US|Stanford|Stanford University School of Medicine
US|Rochester:MN|Mayo Clinic
US|San Francisco|University of California, San Francisco
US|Los Angeles|University of California, Los Angeles
US|La Jolla|The Scripps Research Institute
US|Houston|The University of Texas MD Anderson Cancer Center
US|Bethesda|National Institutes of Health
US|Atlanta|Centers for Disease Control and Prevention
US|Atlanta|Emory University School of Medicine
US|Philadelphia|Children's Hospital of Philadelphia
US|Pittsburgh|University of Pittsburgh Medical Center
US|Nashville|Vanderbilt University Medical Center
US|Seattle|Fred Hutchinson Cancer Center
US|New York|Memorial Sloan Kettering Cancer Center
US|New York|Icahn School of Medicine at Mount Sinai
US|New York|Columbia University Irving Medical Center
US|Cleveland|Cleveland Clinic
US|Chicago|Northwestern University Feinberg School of Medicine
US|Durham|Duke University Medical Center
US|New Haven|Yale School of Medicine
US|Lebanon|Dartmouth-Hitchcock Medical Center
CN|Beijing|Peking University
CN|Beijing|Tsinghua University
CN|Beijing|Chinese Academy of Medical Sciences and Peking Union Medical College
CN|Beijing|Institute of Microbiology, Chinese Academy of Sciences
CN|Beijing|Chinese PLA General Hospital
CN|Shanghai|Fudan University
CN|Shanghai|Shanghai Jiao Tong University School of Medicine
CN|Shanghai|Ruijin Hospital
CN|Hangzhou|Zhejiang University School of Medicine
CN|Guangzhou|Sun Yat-sen University
CN|Guangzhou|Southern Medical University
CN|Chengdu|West China Hospital, Sichuan University
CN|Wuhan|Tongji Medical College, Huazhong University of Science and Technology
CN|Wuhan|Wuhan University
CN|Changsha|Xiangya Hospital, Central South University
CN|Nanjing|Nanjing University
CN|Jinan|Shandong University
CN|Xi'an|Xi'an Jiaotong University
GB|London|University College London
GB|London|Imperial College London
GB|London|King's College London
GB|London|London School of Hygiene and Tropical Medicine
GB|Oxford|University of Oxford
GB|Cambridge|University of Cambridge
GB|Cambridge|Wellcome Sanger Institute
GB|Edinburgh|University of Edinburgh
DE|Berlin|Charité - Universitätsmedizin Berlin
DE|Munich|Ludwig-Maximilians-Universität München
DE|Munich|Technical University of Munich
DE|Heidelberg|German Cancer Research Center (DKFZ)
DE|Heidelberg|Heidelberg University Hospital
DE|Hamburg|University Medical Center Hamburg-Eppendorf
FR|Paris|Sorbonne Université
FR|Paris|Université Paris Cité
FR|Paris|Institut Pasteur
FR|Paris|Hôpital Universitaire Pitié-Salpêtrière
FR|Lyon|Hospices Civils de Lyon
FR|Villejuif|Gustave Roussy Cancer Campus
JP|Tokyo|The University of Tokyo
JP|Tokyo|Keio University School of Medicine
JP|Kyoto|Kyoto University Graduate School of Medicine
JP|Osaka|Osaka University
KR|Seoul|Seoul National University College of Medicine
KR|Seoul|Yonsei University College of Medicine
KR|Seoul|Samsung Medical Center, Sungkyunkwan University School of Medicine
KR|Seoul|Asan Medical Center, University of Ulsan College of Medicine
KR|Seoul|Korea University
TW|Taipei|National Taiwan University Hospital
TW|Taipei|Taipei Veterans General Hospital
TW|Taipei|Taipei Medical University
TW|Taoyuan|Chang Gung Memorial Hospital
TW|Taoyuan|Chang Gung University
TW|Taichung|China Medical University
TW|Taichung|China Medical University Hospital
TW|Kaohsiung|Kaohsiung Medical University
TW|Tainan|National Cheng Kung University
TW|Hsinchu|National Tsing Hua University
HK|Hong Kong|The University of Hong Kong
HK|Hong Kong|The Chinese University of Hong Kong
HK|Hong Kong|The Hong Kong Polytechnic University
HK|Hong Kong|City University of Hong Kong
HK|Hong Kong|Hong Kong University of Science and Technology
HK|Hong Kong|Queen Mary Hospital
HK|Hong Kong|Prince of Wales Hospital
MO|Macau|University of Macau
MO|Macau|Macau University of Science and Technology
IN|New Delhi|All India Institute of Medical Sciences
IN|Chandigarh|Postgraduate Institute of Medical Education and Research
IN|Vellore|Christian Medical College
SE|Stockholm|Karolinska Institutet
SE|Stockholm|Karolinska University Hospital
NL|Rotterdam|Erasmus University Medical Center
NL|Nijmegen|Radboud University Medical Center
CA|Toronto|The Hospital for Sick Children
CA|Montreal|McGill University
CH|Zurich|ETH Zurich
CH|Geneva|University Hospitals of Geneva
IL|Rehovot|Weizmann Institute of Science
LB|Beirut|American University of Beirut
LB|Beirut|American University of Beirut Medical Center
CL|Santiago|University of Chile
CL|Santiago|Pontificia Universidad Católica de Chile
SG|Singapore|National University of Singapore
SG|Singapore|Nanyang Technological University
SG|Singapore|Singapore General Hospital
SA|Riyadh|King Saud University
SA|Riyadh|King Faisal Specialist Hospital and Research Centre
SA|Jeddah|King Abdulaziz University
GE|Tbilisi|Tbilisi State Medical University
GE|Tbilisi|Ivane Javakhishvili Tbilisi State University
MX|Mexico City|Universidad Nacional Autónoma de México
MX|Mexico City|Instituto Nacional de Cancerología
AR|Buenos Aires|Universidad de Buenos Aires
BR|São Paulo|Universidade de São Paulo
BR|São Paulo|Universidade Federal de São Paulo
BR|Rio de Janeiro|Fundação Oswaldo Cruz
AU|Melbourne|The University of Melbourne
AU|Melbourne|Walter and Eliza Hall Institute of Medical Research
AU|Sydney|The University of Sydney
ZA|Cape Town|University of Cape Town
ZA|Johannesburg|University of the Witwatersrand
NG|Ibadan|University College Hospital
GH|Accra|University of Ghana
KE|Nairobi|Kenya Medical Research Institute
UG|Kampala|Makerere University College of Health Sciences
"""

# Institution patterns by language ({c} city, {r} region name, {n} country name)
INST_PATTERNS = {
    'us': ["University of {r}", "{r} State University", "{c} Medical Center", "{c} Children's Hospital",
           "University of {r} School of Medicine", "{c} VA Medical Center", "{c} Institute of Technology",
           "{c} College of Medicine", "{c} Cancer Center", "{c} General Hospital", "{c} University"],
    'en': ["University of {c}", "{c} University", "{c} University Hospital", "{c} Institute of Technology",
           "{c} Medical College", "{c} Children's Hospital", "{c} Cancer Centre", "National University of {n}",
           "{c} General Hospital", "{c} Institute of Public Health", "University of {n}"],
    'gb': ["University of {c}", "{c} University", "{c} Royal Infirmary", "{c} University Hospitals NHS Foundation Trust",
           "{c} Children's Hospital", "{c} School of Medicine", "{c} Institute of Cancer Research"],
    'ca': ["University of {c}", "{c} University", "{c} General Hospital", "{c} Health Sciences Centre",
           "University of {r}", "{c} Children's Hospital", "{c} Research Institute"],
    'au': ["University of {c}", "{c} University", "{c} Hospital", "Royal {c} Hospital", "University of {r}",
           "{c} Children's Hospital", "{c} Institute of Medical Research"],
    'cn': ["{c} University", "{c} Medical University", "The First Affiliated Hospital of {c} Medical University",
           "The Second Affiliated Hospital of {c} Medical University", "{r} Provincial People's Hospital",
           "{c} Normal University", "{c} University of Technology", "{c} Municipal Hospital",
           "{c} Children's Hospital", "{c} Center for Disease Control and Prevention",
           "Affiliated Hospital of {c} University", "{c} University of Traditional Chinese Medicine"],
    'tw': ["{c} Municipal Hospital", "{c} Veterans General Hospital", "National {c} University", "{c} Medical University"],
    'hk': ["The University of Hong Kong"],
    'mo': ["University of Macau"],
    'de': ["University of {c}", "{c} University Hospital", "University Hospital {c}", "Universität {c}",
           "Universitätsklinikum {c}", "Technical University of {c}", "{c} University of Applied Sciences",
           "University Medical Center {c}"],
    'fr': ["Université de {c}", "University of {c}", "CHU de {c}", "Hôpital Universitaire de {c}",
           "Centre Hospitalier Universitaire de {c}", "Institut de Recherche de {c}", "Université {c}"],
    'es': ["Universidad de {c}", "Hospital Universitario de {c}", "Hospital General de {c}",
           "Instituto de Investigación Sanitaria de {c}", "University of {c}", "Universidad Autónoma de {c}",
           "Hospital Clínico de {c}", "Universidad Nacional de {c}"],
    'pt': ["Universidade de {c}", "Hospital Universitário de {c}", "Universidade Estadual de {c}",
           "Hospital de Clínicas de {c}", "University of {c}", "Instituto de Medicina de {c}"],
    'br': ["Universidade Federal de {c}", "Universidade Estadual de {c}", "Hospital de Clínicas de {c}",
           "Hospital Universitário de {c}", "Pontifícia Universidade Católica de {c}", "University of {c}"],
    'it': ["University of {c}", "Università degli Studi di {c}", "{c} University Hospital",
           "Azienda Ospedaliero-Universitaria di {c}", "Istituto di Ricerca di {c}", "Università di {c}"],
    'nl': ["University of {c}", "{c} University", "{c} University Medical Center", "University Medical Center {c}",
           "{c} University of Technology", "University Hospital {c}"],
    'nordic': ["University of {c}", "{c} University", "{c} University Hospital", "{c} University Hospital Research Centre"],
    'ja': ["{c} University", "{c} University Graduate School of Medicine", "{c} City University",
           "National Hospital Organization {c} Medical Center", "{c} University Hospital", "{c} Medical University"],
    'ko': ["{c} National University", "{c} National University Hospital", "{c} University", "{c} University College of Medicine",
           "{c} Catholic University Hospital"],
    'in': ["{c} Medical College", "{c} Institute of Medical Sciences", "University of {c}", "Indian Institute of Technology {c}",
           "{c} Government Medical College", "{c} Institute of Science"],
    'ar': ["{c} University", "University of {c}", "{c} University Hospital", "{c} Medical College", "{c} Specialist Hospital"],
    'fa': ["{c} University of Medical Sciences", "University of {c}", "{c} University of Technology"],
    'tr': ["{c} University", "{c} University Faculty of Medicine", "{c} Training and Research Hospital", "{c} City Hospital"],
    'sl': ["University of {c}", "{c} State Medical University", "Medical University of {c}", "{c} University Hospital",
           "{c} State University", "{c} Institute of Physiology"],
}

DEPTS = ["Medicine", "Surgery", "Pediatrics", "Cardiology", "Neurology", "Oncology", "Radiology", "Pathology",
         "Psychiatry", "Epidemiology", "Biostatistics", "Biochemistry", "Microbiology", "Pharmacology", "Physiology",
         "Immunology", "Genetics", "Chemistry", "Physics", "Biology", "Molecular Biology", "Cell Biology",
         "Public Health", "Nursing", "Dentistry", "Ophthalmology", "Orthopaedics", "Obstetrics and Gynecology",
         "Anesthesiology", "Dermatology", "Urology", "Nephrology", "Gastroenterology", "Endocrinology",
         "Infectious Diseases", "Emergency Medicine", "Rehabilitation Medicine", "Nutrition", "Environmental Health",
         "Computer Science", "Biomedical Engineering", "Chemical Engineering", "Materials Science", "Food Science",
         "Veterinary Medicine", "Plant Pathology", "Ecology and Evolutionary Biology", "Neuroscience", "Psychology",
         "Health Policy and Management", "Otolaryngology-Head and Neck Surgery", "Hematology", "Rheumatology",
         "Pulmonary and Critical Care Medicine", "Radiation Oncology", "Laboratory Medicine", "Clinical Pharmacy",
         "Internal Medicine", "Family Medicine", "Geriatrics", "Medical Genetics", "Pharmaceutical Sciences",
         "Biological Sciences", "Agronomy", "Animal Science", "Environmental Science and Engineering"]
DEPT_LOCAL = {
    'de': ("Klinik für", ["Innere Medizin", "Allgemein- und Viszeralchirurgie", "Kinder- und Jugendmedizin", "Neurologie",
                          "Radiologie", "Psychiatrie und Psychotherapie", "Anästhesiologie", "Dermatologie", "Kardiologie"]),
    'fr': ("Service de", ["Médecine Interne", "Chirurgie Digestive", "Pédiatrie", "Neurologie", "Radiologie",
                          "Cardiologie", "Maladies Infectieuses", "Néphrologie", "Réanimation Médicale"]),
    'es': ("Servicio de", ["Medicina Interna", "Cirugía General", "Pediatría", "Neurología", "Radiodiagnóstico",
                           "Cardiología", "Enfermedades Infecciosas", "Nefrología", "Microbiología"]),
    'pt': ("Departamento de", ["Medicina Interna", "Cirurgia", "Pediatria", "Neurologia", "Radiologia", "Cardiologia",
                               "Doenças Infecciosas", "Nefrologia", "Microbiologia"]),
    'br': ("Departamento de", ["Clínica Médica", "Cirurgia", "Pediatria", "Neurologia", "Radiologia", "Cardiologia",
                               "Doenças Infecciosas e Parasitárias", "Nefrologia", "Microbiologia"]),
    'it': ("Dipartimento di", ["Medicina Interna", "Chirurgia", "Pediatria", "Neuroscienze", "Scienze Radiologiche",
                               "Cardiologia", "Malattie Infettive", "Scienze Biomediche"]),
}

# Names by group: surnames | forenames
NAMES = {
    'en': ("Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson White Harris "
           "Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts "
           "Campbell Evans Turner Parker Collins Edwards Stewart Murphy Cook Morgan Bell Cooper Reed Bailey Kelly Howard",
           "James John Robert Michael William David Richard Thomas Mark Daniel Paul Steven Andrew Kevin Brian Sarah Jennifer "
           "Elizabeth Mary Susan Karen Lisa Nancy Laura Emily Rachel Jessica Amanda Rebecca Catherine Helen Anna Claire "
           "Stephen_R Bradley_A George_J Matthew_J Susan_L Rebecca_J Christopher Jonathan Katherine"),
    'zh': ("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang "
           "Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lü Ding Ren Shen Yao Lu Jing",
           "Wei Jun Lei Yan Jing Hui Min Jie Ying Li Na Xin Yu Qiang Tao Bin Hong Ping Fang Hua Jian Lin Yun Xiaoming "
           "Jianfei Yanan Haiyan Zhiwei Xiaoli Yong Dan Lu Chao Hao Rui Peng Xiao-Ming Yi-Fan Zhi-Hong Jia Ming Kai Shuang"),
    'ja': ("Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi "
           "Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Ishikawa Ogawa Fujita Okada Goto Hasegawa",
           "Hiroshi Takashi Kenji Yuki Akira Satoshi Makoto Naoki Kazuo Yoshihiro Masahiro Kenta Daisuke Tomoko Yuko "
           "Keiko Naoko Akiko Yumi Megumi Ayumi Shinji Hideki Koji Tetsuya Ryo Haruka Sakura"),
    'ko': ("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Jeon Hong Yoo Ko Moon Yang Son",
           "Min-Jun Seo-Yeon Ji-Hoon Ji-Won Hyun-Woo Soo-Jin Jae-Hyun Eun-Ji Sung-Min Young-Ho Dong-Hyun Hye-Jin "
           "Jin-Young Sang-Woo Kyung-Soo Mi-Kyung Jong-Hwa Seung-Hoon Yoon-Jung Hyo-Jin"),
    'de': ("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein "
           "Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann",
           "Thomas Michael Andreas Stefan Christian Markus Frank Jürgen Matthias Martin Sabine Claudia Susanne Andrea "
           "Katrin Julia Anna Jörg Uwe Klaus Wolfgang Dirk Tobias Florian Lukas Birgit Ute Jan Felix Hans-Peter"),
    'fr': ("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia "
           "David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François Martinez",
           "Jean Pierre Philippe Nicolas Michel Alain Patrick François Christophe Laurent Julien Sébastien Marie Nathalie "
           "Isabelle Sylvie Catherine Sophie Céline Camille Hélène Jean-Luc Jean-François Marie-Claude Stéphane Éric"),
    'it': ("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De_Luca Mancini Costa "
           "Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone",
           "Marco Giuseppe Giovanni Antonio Francesco Luca Andrea Alessandro Roberto Stefano Paolo Maria Anna Giulia "
           "Francesca Chiara Laura Elena Sara Valentina Federica Simone Matteo Davide Lorenzo Niccolò"),
    'es': ("García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz "
           "Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco",
           "José Antonio Manuel Francisco Juan David Javier Carlos Miguel Rafael Pedro Jesús María Carmen Ana Isabel "
           "Laura Marta Lucía Cristina Elena Pilar Rosa Juan_Carlos José_Luis María_José Ángel Sofía"),
    'pt': ("Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins Carvalho Almeida "
           "Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas",
           "João Pedro Lucas Gabriel Rafael Carlos Paulo Marcelo Luiz Ricardo Ana Maria Juliana Fernanda Patrícia Aline "
           "Camila Mariana Luciana Beatriz Gustavo Thiago Rodrigo Leonardo Vinícius Renata Débora"),
    'nl': ("de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit Meijer de_Boer Mulder de_Groot Bos Vos "
           "Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf van_der_Meer Peeters Maes Claes Willems",
           "Jan Pieter Johannes Hendrik Willem Martijn Bas Sander Jeroen Thijs Maarten Koen Anouk Sanne Lotte Femke "
           "Marieke Eline Inge Lieke Joost Wouter Bart Stijn Tom Els"),
    'nordic': ("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Hansen Jensen "
               "Nielsen Pedersen Christensen Larsen Sørensen Rasmussen Johansen Olsen Berg Haugen Korhonen Virtanen "
               "Mäkinen Nieminen Heikkinen Lindqvist Lindström Björk",
               "Erik Lars Anders Johan Per Karl Nils Mikael Henrik Magnus Anna Maria Karin Eva Sara Ingrid Kristina "
               "Mette Hanne Søren Jens Rasmus Mikko Jukka Päivi Sanna Åsa Ole Bjørn Kari"),
    'sl': ("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Novák Svoboda Dvořák Černý "
           "Ivanov Smirnov Kuznetsov Popov Petrov Volkov Horváth Kovács Nagy Popescu Ionescu Petrović Jovanović Nikolić "
           "Horvat Kovačević Babić Marković",
           "Piotr Krzysztof Andrzej Tomasz Paweł Jan Anna Katarzyna Magdalena Agnieszka Jiří Petr Pavel Tereza Lucie "
           "Alexander Dmitry Sergey Elena Olga Natalia László Zsolt Ivan Milan Marko Ana Jelena Ioana Andrei"),
    'ar': ("Ahmed Mohamed Ali Hassan Hussein Ibrahim Mahmoud Abdullah Khalil Saleh Mansour Youssef Al-Harbi Al-Qahtani "
           "Al-Ghamdi Al-Otaibi El-Sayed Abdel-Rahman Haddad Nasser Khan Malik Hussain Iqbal Qureshi Shah Butt Rashid "
           "Aziz Farouk",
           "Mohammed Ahmed Ali Omar Khalid Abdullah Yousef Hassan Mahmoud Tarek Sara Fatima Aisha Mariam Noura Huda "
           "Layla Amira Rana Salma Imran Asif Bilal Usman Ayesha Hina Mostafa Walid Samir"),
    'fa': ("Hosseini Mohammadi Ahmadi Rezaei Moradi Karimi Jafari Rahimi Mousavi Hashemi Sadeghi Ebrahimi Ghasemi "
           "Kazemi Abbasi Bagheri Mohammadzadeh Nazari Akbari Shahbazi Tavakoli Safari Amini Farahani Najafi",
           "Ali Mohammad Reza Hossein Mehdi Hamid Saeed Amir Mahmoud Masoud Fatemeh Zahra Maryam Sara Narges Leila "
           "Mahsa Somayeh Elham Parisa Nasrin Hamidreza Alireza Mohammadreza"),
    'tr': ("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara "
           "Koç Kurt Özkan Şimşek Polat Korkmaz Akın Erdoğan Güneş",
           "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Burak Ayşe Fatma Emine Zeynep Elif Merve Esra "
           "Özlem Gülşen Serkan Onur Cem Selin Deniz"),
    'in': ("Sharma Kumar Singh Gupta Patel Reddy Rao Iyer Nair Menon Verma Mishra Jain Agarwal Chatterjee Banerjee "
           "Mukherjee Das Ghosh Bose Pillai Joshi Desai Mehta Shah Pandey Tiwari Yadav Rahman Hossain Perera Fernando",
           "Rajesh Amit Sanjay Suresh Ramesh Anil Vikram Arun Ravi Rahul Priya Anjali Sunita Pooja Neha Kavita Deepa "
           "Lakshmi Meena Sneha Abhishek Ankit Rohit Aditya Shreya Karthik"),
    'gr': ("Papadopoulos Georgiou Nikolaou Dimitriou Ioannou Papadakis Konstantinou Christodoulou Vasileiou "
           "Athanasiou Karagiannis Economou Antoniou Pappas Makris",
           "Georgios Dimitrios Konstantinos Ioannis Nikolaos Panagiotis Maria Eleni Aikaterini Sofia Anastasia "
           "Christos Vasilios Athanasios Evangelia"),
    'sea': ("Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Santoso Wijaya Hidayat Saputra Tan Lim Ng Wong Abdullah "
            "Ismail Rahman Chaiyaporn Srisawat Wongsawat Suwannarat Reyes Cruz Santos Bautista Dela_Cruz",
            "Minh Anh Hoang Thanh Linh Huong Dewi Sri Budi Agus Putri Siti Nur Ahmad Muhammad Somchai Somsak Kanya "
            "Nattapong Wiroj Jose Maria Mark Angelica Farah Aziz"),
    'af': ("Okafor Adeyemi Okonkwo Mensah Owusu Boateng Mwangi Otieno Kamau Wanjiru Nkosi Dlamini Ndlovu Mokoena "
           "Tesfaye Bekele Alemu Haile Mugisha Nsubuga Okello Diallo Traoré Coulibaly Diop Ndiaye Kaboré Banda Phiri Moyo",
           "Chukwuemeka Oluwaseun Adebayo Ngozi Chioma Kwame Kofi Ama Akosua Wanjiku Otieno Thabo Sipho Nomvula "
           "Lindiwe Abebe Tigist Mulugeta Moussa Aminata Fatou Ibrahima Seydou Grace Joseph Peter Mercy Esther"),
}

# MeSH: UI|name (descriptors); qualifiers
MESH = r"""D006801|Humans
D008297|Male
D005260|Female
D000328|Adult
D008875|Middle Aged
D000368|Aged
D000369|Aged, 80 and over
D000293|Adolescent
D002648|Child
D002675|Child, Preschool
D007223|Infant
D055815|Young Adult
D000818|Animals
D051379|Mice
D051381|Rats
D012189|Retrospective Studies
D011446|Prospective Studies
D012307|Risk Factors
D016896|Treatment Outcome
D015331|Cohort Studies
D003430|Cross-Sectional Studies
D011795|Surveys and Questionnaires
D013997|Time Factors
D011379|Prognosis
D009369|Neoplasms
D001943|Breast Neoplasms
D008175|Lung Neoplasms
D003924|Diabetes Mellitus, Type 2
D006973|Hypertension
D009203|Myocardial Infarction
D020521|Stroke
D000086382|COVID-19
D015658|HIV Infections
D014376|Tuberculosis
D008288|Malaria
D003863|Depression
D001008|Anxiety
D000544|Alzheimer Disease
D010300|Parkinson Disease
D009765|Obesity
D001714|Bipolar Disorder
D012559|Schizophrenia
D004194|Disease Models, Animal
D015415|Biomarkers
D005786|Gene Expression Regulation
D009154|Mutation
D020641|Polymorphism, Single Nucleotide
D011506|Proteins
D012333|RNA, Messenger
D004268|DNA-Binding Proteins
D014157|Transcription Factors
D017209|Apoptosis
D049109|Cell Proliferation
D002460|Cell Line
D045744|Cell Line, Tumor
D019070|Cell Movement
D015398|Signal Transduction
D007249|Inflammation
D018925|Chemokines
D016207|Cytokines
D007167|Immunotherapy
D000900|Anti-Bacterial Agents
D000970|Antineoplastic Agents
D004359|Drug Therapy, Combination
D012074|Remission Induction
D006760|Hospitalization
D017410|Practice Guidelines as Topic
D015203|Reproducibility of Results
D012680|Sensitivity and Specificity
D014057|Tomography, X-Ray Computed
D008279|Magnetic Resonance Imaging
D000072716|Cone-Beam Computed Tomography
D008959|Models, Biological
D000069550|Machine Learning
D016208|Databases, Factual
D011247|Pregnancy
D015995|Prevalence
D015994|Incidence
D017052|Hospital Mortality
D009026|Mortality
D016019|Survival Analysis
D053208|Kaplan-Meier Estimate
D016016|Proportional Hazards Models
D016015|Logistic Models
D012044|Regression Analysis
D014481|United States
D002681|China
D006113|United Kingdom
D005858|Germany
D007564|Japan
"""
QUALIFIERS = ["Q000378|metabolism", "Q000235|genetics", "Q000628|therapy", "Q000175|diagnosis",
              "Q000453|epidemiology", "Q000473|pathology", "Q000188|drug therapy", "Q000601|surgery",
              "Q000502|physiology", "Q000379|methods", "Q000097|blood", "Q000209|etiology", "Q000401|mortality",
              "Q000150|complications", "Q000627|therapeutic use", "Q000494|pharmacology", "Q000000981|diagnostic imaging"]

PUBTYPES = ["D016428|Journal Article", "D016454|Review", "D002363|Case Reports", "D016449|Randomized Controlled Trial",
            "D013485|Research Support, Non-U.S. Gov't", "D052061|Research Support, N.I.H., Extramural",
            "D003160|Comparative Study", "D016448|Multicenter Study",
            "D017418|Meta-Analysis", "D000078182|Systematic Review", "D023362|Evaluation Study",
            "D016430|Clinical Trial", "D064888|Observational Study"]
# the types outside SPEC 5.1's research class that the generator writes
PUBTYPE_OTHER = [("D016422", "Letter"), ("D016421", "Editorial"), ("D016420", "Comment"),
                 ("D016425", "Published Erratum")]
# funders by the country of an author: (Agency, Country, GrantID prefix)
FUNDERS = {
    "US": (("NCI NIH HHS", "United States", "R01 CA"), ("NIGMS NIH HHS", "United States", "R35 GM"),
           ("NSF", "United States", "DMS-")),
    "CN": (("National Natural Science Foundation of China", "China", "NSFC"),),
    "GB": (("Wellcome Trust", "United Kingdom", "WT"), ("Medical Research Council", "United Kingdom", "MR/")),
    "DE": (("Deutsche Forschungsgemeinschaft", "Germany", "DFG"),),
    "JP": (("Japan Society for the Promotion of Science", "Japan", "JSPS"),),
    "FR": (("Agence Nationale de la Recherche", "France", "ANR-"),),
}

FIELDS = ["Cardiology", "Oncology", "Neurology", "Pediatrics", "Surgery", "Immunology", "Microbiology",
          "Epidemiology", "Public Health", "Psychiatry", "Nursing", "Pharmacology", "Biochemistry", "Genetics",
          "Radiology", "Dermatology", "Ophthalmology", "Endocrinology", "Nephrology", "Gastroenterology",
          "Infectious Diseases", "Molecular Biology", "Cell Biology", "Physiology", "Nutrition", "Rheumatology",
          "Hematology", "Urology", "Anesthesia", "Dentistry", "Veterinary Science", "Environmental Health",
          "Bioinformatics", "Medical Imaging", "Rehabilitation", "Sports Medicine", "Toxicology", "Virology",
          "Chemistry", "Ecology", "Plant Science", "Food Science", "Biomaterials", "Neuroscience"]
JOURNAL_FORMS = ["Journal of {f}", "{f} Research", "International Journal of {f}", "European Journal of {f}",
                 "Annals of {f}", "Clinical {f}", "{f} Reports", "Frontiers in {f}", "BMC {f}",
                 "American Journal of {f}", "Current Opinion in {f}", "Advances in {f}", "{f} Letters",
                 "Journal of Clinical {f}", "Archives of {f}", "Chinese Journal of {f}", "Acta {f}"]
JOURNAL_COUNTRY = ["United States", "United States", "United States", "England", "England", "Netherlands",
                   "Switzerland", "Germany", "China", "Japan", "France", "Italy", "Korea (South)", "Brazil"]

WORDS = ("the of and in to a with for was were patients study results is that by on as from at this be are "
         "associated analysis treatment group clinical risk data significant higher lower compared increased "
         "expression cells cell protein gene levels effect effects factors disease outcomes cohort model using "
         "between among after during within years age years' total mean median ratio confidence interval "
         "significantly observed identified including respectively however these our we found showed suggest "
         "may could potential role mechanism pathway signaling response activity function tissue samples "
         "tumor cancer infection inflammation immune receptor inhibitor therapy dose trial randomized controlled "
         "prospective retrospective multivariate regression survival mortality incidence prevalence population "
         "children adults women men participants baseline follow-up months weeks days hospital care health "
         "diagnosis screening detection imaging sensitivity specificity accuracy performance validation "
         "mice rats in vitro in vivo mutation variants genome sequencing transcription regulation metabolism "
         "oxidative stress mitochondrial apoptosis proliferation migration invasion differentiation stem "
         "plasma serum blood urine brain liver kidney heart lung bone skin muscle neurons microglia "
         "bacterial viral resistance antibiotic vaccine antibody antigen cytokine interleukin necrosis "
         "quality life pain depression anxiety cognitive outcome score scale questionnaire survey "
         "intervention program policy cost effectiveness access disparities rural urban national regional "
         "novel approach method framework algorithm learning deep network prediction performance "
         "concentration exposure environmental water soil plant species diversity growth yield temperature")
WORDS = WORDS.split()
TITLE_WORDS = [w for w in WORDS if len(w) > 3]
ABS_LABELS = [("BACKGROUND", "BACKGROUND"), ("OBJECTIVE", "OBJECTIVE"), ("METHODS", "METHODS"),
              ("RESULTS", "RESULTS"), ("CONCLUSIONS", "CONCLUSIONS")]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SEASONS = ["Spring", "Summer", "Fall", "Winter"]
LANGS = ["eng"] * 93 + ["chi", "ger", "fre", "spa", "jpn", "rus", "por"]
STREETS = ["Main Street", "University Avenue", "Hospital Road", "Park Avenue", "Medical Center Drive",
           "College Street", "Science Road", "Station Road", "Church Street", "Lake Road"]

# Pair affinities: multiply the chance that a paper led by A has a partner B
AFFINITY = {("CN", "US"): 4.0, ("US", "CN"): 1.8, ("US", "GB"): 1.5, ("US", "CA"): 2.5, ("CA", "US"): 2.0,
            ("GB", "US"): 1.5, ("DE", "AT"): 4, ("AT", "DE"): 4, ("DE", "CH"): 4, ("CH", "DE"): 3,
            ("FR", "BE"): 3, ("BE", "FR"): 3, ("BE", "NL"): 3, ("NL", "BE"): 3, ("GB", "AU"): 2,
            ("AU", "GB"): 2, ("AU", "NZ"): 6, ("NZ", "AU"): 6, ("JP", "US"): 1.5, ("KR", "US"): 2.5,
            ("TW", "US"): 2, ("HK", "CN"): 6, ("MO", "CN"): 6, ("CN", "HK"): 3, ("ES", "PT"): 3,
            ("PT", "ES"): 3, ("ES", "MX"): 3, ("MX", "US"): 2.5, ("BR", "US"): 1.5, ("IN", "US"): 2,
            ("PK", "SA"): 4, ("SA", "EG"): 4, ("EG", "SA"): 4, ("SA", "PK"): 3, ("IR", "US"): 0.5,
            ("SE", "NO"): 3, ("NO", "SE"): 3, ("DK", "SE"): 3, ("FI", "SE"): 3, ("IE", "GB"): 4,
            ("KE", "GB"): 3, ("UG", "US"): 3, ("ZA", "GB"): 2, ("NG", "US"): 2, ("ET", "US"): 2}
INTL_FACTOR = {"US": 0.9, "CN": 0.55, "JP": 0.6, "IN": 0.6, "IR": 0.6, "TR": 0.5, "KR": 0.8, "BR": 0.8,
               "TW": 0.8, "PL": 0.9, "IT": 1.0, "ES": 1.0, "FR": 1.2, "DE": 1.2, "GB": 1.3}


def _parse_tables():
    countries = {}
    for line in COUNTRY_TABLE.strip().splitlines():
        cc, w, g, names, style, ng, tld, postal, cities = line.split("|")
        clist = []
        for c in cities.split(",") if cities else []:
            bits = c.split(":")
            clist.append((bits[0], bits[1] if len(bits) > 1 else "", bits[2] if len(bits) > 2 else ""))
        countries[cc] = dict(cc=cc, w=float(w), g=(g == "e"), names=names.split("/"), style=style, ng=ng,
                             tld=tld, postal=postal, cities=clist)
    countries["US"]["cities"] = [tuple(l.split("|")) for l in US_CITIES.strip().splitlines()]
    countries["CN"]["cities"] = [tuple(l.split("|")) for l in CN_CITIES.strip().splitlines()]
    return countries


COUNTRIES = _parse_tables()
CC_LIST = sorted(COUNTRIES)
NAME_LISTS = {k: ([x.replace("_", " ") for x in v[0].split()], [x.replace("_", " ") for x in v[1].split()])
              for k, v in NAMES.items()}
MESH_LIST = [tuple(l.split("|")) for l in MESH.strip().splitlines()]
QUAL_LIST = [tuple(q.split("|")) for q in QUALIFIERS]
PUBTYPE_LIST = [tuple(p.split("|")) for p in PUBTYPES]


def _crc(s):
    return zlib.crc32(s.encode("utf-8"))


def _ror_id(name):
    """A well-formed (synthetic) ROR id: 0 + 6 base32 chars + 2-digit mod 97-10 checksum."""
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    v = _crc("ror:" + name) & 0x3FFFFFFF
    s = ""
    x = v
    for _ in range(6):
        s = alphabet[x & 31] + s
        x >>= 5
    check = 98 - ((v * 100) % 97)
    return "https://ror.org/0%s%02d" % (s, check)


def _grid_id(name):
    v = _crc("grid:" + name)
    return "grid.%d.%s" % (400000 + v % 99999, "0123456789abcdef"[v >> 28])


def _build_institutions():
    """Per country: list of (institution name, city, region code, region name, ror, grid)."""
    rng = random.Random(20250101)
    famous = {}
    for line in FAMOUS.strip().splitlines():
        cc, city, name = line.split("|")
        famous.setdefault(cc, []).append((name, city))
    out = {}
    for cc in CC_LIST:
        c = COUNTRIES[cc]
        style = c["style"]
        pats = INST_PATTERNS.get(style) or INST_PATTERNS["en"]
        cityinfo = {}  # "City" (first of that name) and, for the US, "City:ST"
        for t in c["cities"]:
            if cc == "US":
                cityinfo.setdefault(t[0], (t[0], t[1], t[2], t[3]))
                cityinfo[t[0] + ":" + t[1]] = (t[0], t[1], t[2], t[3])
            elif cc == "CN":
                cityinfo.setdefault(t[0], (t[0], t[1], t[1], t[2]))
            else:
                cityinfo.setdefault(t[0], (t[0], t[1], t[2] or t[1], ""))
        insts = []
        seen = set()
        for i, t in enumerate(c["cities"]):
            city = t[0]
            info = cityinfo[city + ":" + t[1]] if cc == "US" else cityinfo[city]
            region = info[2]
            k = max(1, min(len(pats), (7 if i == 0 else 4) if c["w"] >= 20 else (3 if i == 0 else 1)))
            for p in rng.sample(pats, k):
                if "{r}" in p and not region:
                    continue
                if "{n}" in p and (c["w"] > 60 or cc in ("US", "CN", "GB")):
                    continue
                name = p.format(c=city, r=region, n=c["names"][0])
                if name in seen:
                    continue
                seen.add(name)
                insts.append((name,) + info)
        for name, city in famous.get(cc, []):
            info = cityinfo.get(city, (city.split(":")[0], "", "", ""))
            if name not in seen:
                seen.add(name)
                insts.append((name,) + info)
        out[cc] = [(t[0], t[1], t[2], t[3], t[4], _ror_id(t[0] + cc), _grid_id(t[0] + cc)) for t in insts]
    return out


INSTITUTIONS = _build_institutions()



def _ri(rng, a, b):
    return a + int(rng.random() * (b - a + 1))


def _rr(rng, n):
    return int(rng.random() * n)


def _ch(rng, seq):
    return seq[int(rng.random() * len(seq))]


def _cum(weights):
    acc, out = 0.0, []
    for w in weights:
        acc += w
        out.append(acc)
    return out


def _ramp(year):
    return min(1.0, 0.08 + 0.92 * max(0, year - YEAR_MIN) / 30.0)


_YEAR_CW = {}


def country_weights(year):
    cw = _YEAR_CW.get(year)
    if cw is None:
        ws = []
        for cc in CC_LIST:
            c = COUNTRIES[cc]
            w = c["w"]
            if c["g"]:
                w *= _ramp(year)
                if cc == "CN":
                    w *= _ramp(year) * 1.0
            ws.append(w)
        cw = _cum(ws)
        _YEAR_CW[year] = cw
    return cw


YEARS = list(range(YEAR_MIN, YEAR_MAX + 1))
YEAR_CW = _cum([400 + 42 * (y - YEAR_MIN) for y in YEARS])


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------
def esc(s):
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def sentence(rng, lo, hi):
    ws = rng.choices(WORDS, k=_ri(rng, lo, hi))
    s = " ".join(ws)
    r = rng.random()
    if r < 0.25:
        s += " (n = %d, p &lt; 0.%02d)" % (_ri(rng, 12, 9000), _ri(rng, 1, 5))
    elif r < 0.35:
        s += ", %0.1f%% (95%% CI: %0.2f-%0.2f)" % (rng.random() * 90, rng.random(), 1 + rng.random() * 4)
    elif r < 0.38:
        s += " (≥ %d mg/L, α = 0.05)" % _ri(rng, 2, 400)
    return s[0].upper() + s[1:] + "."


def postal_code(rng, fmt):
    out = []
    for ch in fmt:
        if ch == "#":
            out.append(chr(48 + _rr(rng, 10)))
        elif ch == "A":
            out.append(chr(65 + _rr(rng, 26)))
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# Affiliation strings.  Each returns (text, country or None, form)
# form: country | us_state | ca_province | ambiguous | none
# ---------------------------------------------------------------------------
def dept_part(rng, c):
    style = c["style"]
    r = rng.random()
    loc = DEPT_LOCAL.get(style)
    if loc and r < 0.2:
        return "%s %s" % (loc[0], _ch(rng, loc[1]))
    if style == "de" and r < 0.3:
        return "Institut für %s" % _ch(rng, ["Pathologie", "Mikrobiologie", "Pharmakologie", "Humangenetik", "Physiologie"])
    if style == "fr" and r < 0.3:
        return _ch(rng, ["INSERM U%d" % _ri(rng, 1000, 1300), "CNRS UMR %d" % _ri(rng, 5000, 9999)])
    if style == "cn" and r < 0.15:
        return "Key Laboratory of %s" % _ch(rng, ["Cancer Prevention and Therapy", "Molecular Medicine",
                                                     "Environmental Health", "Cardiovascular Disease",
                                                     "Stem Cell Biology", "Infectious Diseases"])
    if r < 0.62:
        return "Department of " + _ch(rng, DEPTS)
    if r < 0.72:
        return "Division of " + _ch(rng, DEPTS)
    if r < 0.78:
        return _ch(rng, DEPTS) + " Unit"
    if r < 0.84:
        return "Laboratory of " + _ch(rng, DEPTS)
    if r < 0.9:
        return "School of " + _ch(rng, ["Medicine", "Public Health", "Pharmacy", "Nursing", "Life Sciences",
                                          "Basic Medical Sciences", "Engineering"])
    if r < 0.95:
        return _ch(rng, ["Faculty of Medicine", "Faculty of Health Sciences", "Faculty of Science"])
    return ""


def email_for(rng, surname, inst, c):
    local = "".join(ch for ch in surname.lower() if "a" <= ch <= "z") or "author"
    if rng.random() < 0.5:
        local = local + "%d" % _ri(rng, 1, 999)
    words = [w for w in inst.replace("-", " ").split() if w[:1].isupper() and w not in ("The", "University", "of")]
    slug = "".join(w[0] for w in words).lower() or "univ"
    slug = "".join(ch for ch in slug if "a" <= ch <= "z") or "univ"
    if c["cc"] == "CN" and rng.random() < 0.5:
        dom = _ch(rng, ["163.com", "126.com", "qq.com", "sina.com"])
    elif rng.random() < 0.1:
        dom = "gmail.com"
    else:
        dom = "%s.%s" % (slug, c["tld"])
    return "%s@%s" % (local, dom)


def location(rng, c, inst):
    """Location tail for an institution tuple; returns (text, form)."""
    cc = c["cc"]
    name, city, rcode, rname, extra = inst[0], inst[1], inst[2], inst[3], inst[4]
    names = c["names"]
    cname = names[0] if (len(names) == 1 or rng.random() < 0.72) else _ch(rng, names[1:])
    r = rng.random()
    style = c["style"]
    if cc == "US":
        if r < 0.45:
            loc, form = "%s, %s %s%02d, %s" % (city, rcode, extra, _rr(rng, 100), cname), "country"
        elif r < 0.65:
            loc, form = "%s, %s, %s" % (city, rname, cname), "country"
        elif r < 0.82:
            loc, form = "%s, %s, %s" % (city, rcode, cname), "country"
        else:
            loc, form = "%s, %s" % (city, rname), ("ambiguous" if rcode in ("GA", "NH") else "us_state")
        return loc, form
    if cc == "CN":
        pc = "%s%03d" % (extra, _rr(rng, 1000))
        muni = rcode == city
        if r < 0.4:
            loc = "%s %s, %s" % (city, pc, cname)
        elif r < 0.6 and not muni:
            loc = "%s, %s %s, %s" % (city, rname, pc, cname)
        elif r < 0.75 and not muni:
            loc = "%s, %s Province, %s" % (city, rname, cname)
        else:
            loc = "%s, %s" % (city, cname)
        return loc, "country"
    if cc == "HK":
        d = _ch(rng, ["Pokfulam", "Shatin", "Kowloon", "Hung Hom", "Sha Tin, New Territories", ""])
        loc = (d + ", " if d else "") + cname
        return loc, "country"
    if cc == "MO":
        return ("Taipa, " if r < 0.3 else "") + cname, "country"
    if cc == "TW":
        return "%s, %s" % (city, cname), "country"
    if cc == "GB":
        nation = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}[rcode]
        if r < 0.5:
            loc = "%s, %s" % (city, cname)
        elif r < 0.65:
            loc = "%s %s%s%d %d%s%s, %s" % (city, chr(65 + _rr(rng, 26)), chr(65 + _rr(rng, 26)),
                                            _ri(rng, 1, 20), _ri(rng, 1, 9), chr(65 + _rr(rng, 26)),
                                            chr(65 + _rr(rng, 26)), cname)
        elif r < 0.85:
            loc = "%s, %s, %s" % (city, nation, cname)
        else:
            loc = "%s, %s" % (city, nation)
        return loc, "country"
    if cc == "CA":
        if r < 0.35:
            loc, form = "%s, %s %s, %s" % (city, rcode, postal_code(rng, "A#A #A#"), cname), "country"
        elif r < 0.65:
            loc, form = "%s, %s, %s" % (city, rname, cname), "country"
        elif r < 0.94:
            loc, form = "%s, %s" % (city, cname), "country"
        else:
            loc, form = "%s, %s" % (city, rname), "ca_province"
        return loc, form
    if cc == "AU":
        if r < 0.45:
            loc = "%s, %s %d, %s" % (city, rcode, {"NSW": 2000, "VIC": 3000, "QLD": 4000, "WA": 6000, "SA": 5000,
                                                  "TAS": 7000, "ACT": 2600}[rcode] + _rr(rng, 200), cname)
        elif r < 0.7:
            loc = "%s, %s, %s" % (city, rname, cname)
        else:
            loc = "%s, %s" % (city, cname)
        return loc, "country"
    if cc == "BR":
        if r < 0.45:
            loc = "%s, %s, %s" % (city, rcode, cname)
        elif r < 0.6:
            loc = "CEP %05d-%03d, %s, %s, %s" % (_rr(rng, 100000), _rr(rng, 1000), city, rcode, cname)
        else:
            loc = "%s, %s" % (city, cname)
        return loc, "country"
    # generic
    form = "ambiguous" if cc in ("GE", "JE", "LB") else "country"
    pf = c["postal"]
    if pf and r < 0.45:
        code = postal_code(rng, pf[1:])
        if pf[0] == "<":
            if cc == "FR" and rng.random() < 0.3:
                code = "F-" + code
            loc = "%s %s, %s" % (code, city, cname)
        else:
            loc = "%s %s, %s" % (city, code, cname)
    else:
        if city == cname or (cc == "SG" and r < 0.6):
            loc = cname
        else:
            loc = "%s, %s" % (city, cname)
    return loc, form


def affiliation_part(rng, cc, inst, no_country, with_email=None):
    """One institution's affiliation text (no trailing dot). Returns (text, country or None, form)."""
    c = COUNTRIES[cc]
    bits = []
    d = dept_part(rng, c)
    if d:
        bits.append(d)
    if rng.random() < 0.08:
        bits.append(_ch(rng, ["School of Medicine", "Faculty of Medicine", "College of Medicine",
                                "Graduate School of Medical Sciences", "Medical School"]))
    bits.append(inst[0])
    if no_country and "," not in inst[0]:
        # (names such as "University of California, San Francisco" name a city in their own
        # comma segment, so they always get their full address)
        return ", ".join(bits), None, "none"
    if rng.random() < 0.08:
        if cc == "CN":
            bits.append("No. %d %s Road" % (_ri(rng, 1, 999), _ch(rng, ["Zhongshan", "Renmin", "Jiefang",
                                                                            "Xueyuan", "Qinghua East"])))
        elif c["style"] == "de":
            bits.append("%sstraße %d" % (_ch(rng, ["Haupt", "Bahnhof", "Garten", "Schul", "Linden"]),
                                          _ri(rng, 1, 120)))
        else:
            bits.append("%d %s" % (_ri(rng, 1, 2999), _ch(rng, STREETS)))
    loc, form = location(rng, c, inst)
    bits.append(loc)
    return ", ".join(bits), cc, form


# ---------------------------------------------------------------------------
# Record generation
# ---------------------------------------------------------------------------
def pick_cum(rng, items, cum):
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def pick_country(rng, year):
    return pick_cum(rng, CC_LIST, country_weights(year))


def choose_countries(rng, year, lead, n_authors):
    p_intl = (0.07 + 0.20 * (year - YEAR_MIN) / (YEAR_MAX - YEAR_MIN))
    w = COUNTRIES[lead]["w"]
    f = INTL_FACTOR.get(lead, 1.6 if w >= 30 else 2.3)
    p_intl *= f
    if n_authors >= 50:
        p_intl = 0.97
    if n_authors < 2 or rng.random() >= p_intl:
        return [lead]
    if n_authors >= 50:
        k = _ri(rng, 5, min(40, n_authors // 3))
    else:
        r = rng.random()
        k = 1 if r < 0.72 else 2 if r < 0.88 else _ri(rng, 3, 5) if r < 0.98 else _ri(rng, 6, 12)
    k = min(k, n_authors - 1)
    out = [lead]
    cw = country_weights(year)
    tries = 0
    while len(out) < k + 1 and tries < 200:
        tries += 1
        cand = pick_cum(rng, CC_LIST, cw)
        if cand in out:
            continue
        aff = AFFINITY.get((lead, cand), 1.0)
        if aff < 1.0 and rng.random() > aff:
            continue
        out.append(cand)
    # pair affinities (US-CN, DE-AT, ...): sometimes the first partner is a favoured one
    if len(out) > 1:
        for (a, b), aff in AFFINITY.items():
            if a == lead and aff > 1.0 and b not in out and rng.random() < (aff - 1.0) * 0.12:
                out[1] = b
                break
    return out


def n_authors_for(rng, year):
    r = rng.random()
    if r < 0.001:
        return _ri(rng, 100, 600)
    if r < 0.007:
        return _ri(rng, 30, 99)
    mu = 0.95 + 0.02 * (year - YEAR_MIN)
    n = int(round(rng.lognormvariate(mu, 0.62)))
    return max(1, min(n, 60))


def make_name(rng, ng):
    sur, fore = NAME_LISTS[ng]
    last = _ch(rng, sur)
    first = _ch(rng, fore)
    if ng in ("en", "de", "fr", "nl", "nordic") and rng.random() < 0.3:
        first = first + " " + chr(65 + _rr(rng, 26))
    parts = first.replace("-", " ").split()
    initials = "".join(p[0].upper() for p in parts if p)
    return last, first, initials


def gen_record(seed, pmid, rev, version, out, trk, rare=1.0):
    """Append the record's XML to list `out`; return truth info dict when trk."""
    base = random.Random(seed * 1000003 + pmid)
    rng = random.Random((seed * 1000003 + pmid) * 64 + rev + 1)
    year = pick_cum(base, YEARS, YEAR_CW)
    month = _ri(base, 1, 12)
    day = _ri(base, 1, 28)
    jr = base.random()
    jform = JOURNAL_FORMS[int(jr * len(JOURNAL_FORMS))]
    field = FIELDS[int(base.random() * len(FIELDS))]
    jtitle = jform.format(f=field)
    jid = _crc(jtitle)
    issn = "%04d-%03d%s" % (jid % 10000, (jid >> 14) % 1000, "0123456789X"[(jid >> 24) % 11])
    nlmid = "%d" % (7500000 + jid % 2500000)
    jabbr = jtitle.replace("Journal", "J").replace("International", "Int").replace("European", "Eur") \
        .replace("American", "Am").replace("Research", "Res").replace("Clinical", "Clin").replace(" of ", " ") \
        .replace("Annals", "Ann").replace("Archives", "Arch")
    jcountry = JOURNAL_COUNTRY[jid % len(JOURNAL_COUNTRY)]

    if year < 2002:
        status = "MEDLINE"
    else:
        status = _ch(rng, ["MEDLINE", "MEDLINE", "MEDLINE", "PubMed-not-MEDLINE", "In-Process", "Publisher"])
    medline = status == "MEDLINE"
    electronic = year >= 2000 and base.random() < 0.75

    a = out.append
    a('  <PubmedArticle>\n    <MedlineCitation Status="%s" Owner="NLM"%s>\n      <PMID Version="%d">%d</PMID>\n'
      % (status, ' IndexingMethod="Automated"' if status == "MEDLINE" and year > 2018 and rng.random() < 0.3 else "",
         version, pmid))
    if medline:
        a('      <DateCompleted>\n        <Year>%d</Year>\n        <Month>%02d</Month>\n        <Day>%02d</Day>\n'
          '      </DateCompleted>\n' % (min(year + 1, 2025), _ri(rng, 1, 12), _ri(rng, 1, 28)))
    rev_year = min(2025, year + _ri(rng, 1, 12)) if rev == 0 else 2026
    a('      <DateRevised>\n        <Year>%d</Year>\n        <Month>%02d</Month>\n        <Day>%02d</Day>\n'
      '      </DateRevised>\n' % (rev_year, _ri(rng, 1, 12) if rev == 0 else 1, _ri(rng, 1, 28)))
    a('      <Article PubModel="%s">\n        <Journal>\n          <ISSN IssnType="%s">%s</ISSN>\n'
      '          <JournalIssue CitedMedium="%s">\n            <Volume>%d</Volume>\n'
      % ("Print-Electronic" if electronic else "Print", "Electronic" if electronic else "Print", issn,
         "Internet" if electronic else "Print", 1 + (year - 1960) + jid % 40))
    if base.random() < 0.8:
        a('            <Issue>%d</Issue>\n' % _ri(base, 1, 12))
    # dates: PubDate Year (most), MedlineDate, or no usable year (ArticleDate only / none)
    dr = base.random()
    year_known = year
    if dr < 0.90:
        if base.random() < 0.85:
            a('            <PubDate>\n              <Year>%d</Year>\n              <Month>%s</Month>\n%s'
              '            </PubDate>\n' % (year, MONTHS[month - 1],
                                           '              <Day>%02d</Day>\n' % day if base.random() < 0.5 else ""))
        else:
            a('            <PubDate>\n              <Year>%d</Year>\n              <Season>%s</Season>\n'
              '            </PubDate>\n' % (year, SEASONS[month % 4]))
    elif dr < 1.0 - 0.015 * rare:
        r2 = base.random()
        if r2 < 0.5:
            md = "%d %s-%s" % (year, MONTHS[month - 1], MONTHS[month % 12])
        elif r2 < 0.8:
            md = "%d Dec-%d Jan" % (year, year + 1)
        else:
            md = "%d-%d" % (year, year + 1)
        a('            <PubDate>\n              <MedlineDate>%s</MedlineDate>\n            </PubDate>\n' % md)
    else:
        # no year in PubDate: the year comes from ArticleDate, or is unknown
        a('            <PubDate>\n              <MedlineDate>%s</MedlineDate>\n            </PubDate>\n'
          % _ch(rng, ["Spring-Summer", "Fall-Winter", "Summer"]))
        if dr < 1.0 - 0.003 * rare:
            electronic = True
        else:
            electronic = False
            year_known = None
    a('          </JournalIssue>\n          <Title>%s</Title>\n          <ISOAbbreviation>%s</ISOAbbreviation>\n'
      '        </Journal>\n' % (jtitle, jabbr))
    title = " ".join(rng.choices(TITLE_WORDS, k=_ri(rng, 8, 20)))
    a('        <ArticleTitle>%s%s.</ArticleTitle>\n' % (title[0].upper(), title[1:]))
    p1 = _ri(rng, 1, 3000)
    a('        <Pagination>\n          <MedlinePgn>%d-%d</MedlinePgn>\n        </Pagination>\n' % (p1, p1 + _ri(rng, 2, 14)))
    doi = "10.%d/%s.%d.%05d" % (1000 + jid % 9000, jabbr.split()[0].lower()[:8], year, pmid % 100000)
    if year >= 2000:
        a('        <ELocationID EIdType="doi" ValidYN="Y">%s</ELocationID>\n' % esc(doi))
    # abstract
    if (year >= 1995 and rng.random() < 0.9) or rng.random() < 0.6:
        a('        <Abstract>\n')
        if rng.random() < 0.45:
            a('          <AbstractText>%s</AbstractText>\n' % " ".join(sentence(rng, 8, 22) for _ in range(_ri(rng, 3, 6))))
        else:
            labels = ABS_LABELS if rng.random() < 0.6 else [ABS_LABELS[0], ABS_LABELS[2], ABS_LABELS[3], ABS_LABELS[4]]
            for lab, cat in labels:
                ns = _ri(rng, 1, 3) if lab == "RESULTS" else _ri(rng, 1, 2)
                a('          <AbstractText Label="%s" NlmCategory="%s">%s</AbstractText>\n'
                  % (lab, cat, " ".join(sentence(rng, 8, 20) for _ in range(ns))))
        if year >= 2005 and rng.random() < 0.4:
            a('          <CopyrightInformation>© %d The Author(s).</CopyrightInformation>\n' % year)
        a('        </Abstract>\n')

    # ---- authors and affiliations
    n = n_authors_for(rng, year)
    lead = pick_country(rng, year)
    countries = choose_countries(rng, year, lead, n)
    # institutions per country
    insts = {}
    for cc in countries:
        pool = INSTITUTIONS[cc]
        k = 1 if rng.random() < 0.55 else _ri(rng, 2, 3)
        insts[cc] = [pool[_rr(rng, len(pool))] for _ in range(k)]
    # author -> country
    acc = [lead]
    others = countries[1:]
    for i in range(1, n):
        if i - 1 < len(others):
            acc.append(others[i - 1])
        elif rng.random() < 0.6 or not others:
            acc.append(lead)
        else:
            acc.append(_ch(rng, others))
    if n > 2 and len(others) < n - 1:
        rest = acc[1:]
        rng.shuffle(rest)
        acc = [lead] + rest
    # which authors carry affiliations
    if year < 2014:
        r = rng.random()
        mode = "none" if r < (0.35 if year < 1996 else 0.12) else "first" if r < 0.9 else "all"
    else:
        r = rng.random()
        mode = "none" if r < 0.05 else "partial" if r < 0.09 else "all"
    p_nc = 0.06
    has_collective = rng.random() < (0.03 * rare if n < 50 else 0.4)
    invalid_at = _rr(rng, n) if rng.random() < 0.005 * rare else -1
    orcid = year >= 2014 and rng.random() < 0.4

    truth_authors = []  # list of lists of countries (parts) of valid authors with affiliations
    aff_count = 0
    forms = {}
    a('        <AuthorList CompleteYN="Y">\n')
    for i in range(n):
        cc = acc[i]
        last, first, initials = make_name(rng, COUNTRIES[cc]["ng"])
        valid = i != invalid_at
        a('          <Author ValidYN="%s">\n            <LastName>%s</LastName>\n            <ForeName>%s</ForeName>\n'
          '            <Initials>%s</Initials>\n' % ("Y" if valid else "N", last, first, initials))
        if orcid and rng.random() < 0.3:
            a('            <Identifier Source="ORCID">0000-000%d-%04d-%04d</Identifier>\n'
              % (_ri(rng, 1, 3), _rr(rng, 10000), _rr(rng, 10000)))
        give = (mode == "all" or (mode == "first" and i == 0) or (mode == "partial" and rng.random() < 0.6))
        parts_c = []
        if give:
            entries = 1
            if year >= 2014:
                r = rng.random()
                entries = 1 if r < 0.84 else 2 if r < 0.97 else 3
            for e in range(entries):
                # institutions in this AffiliationInfo (several joined by "; ")
                if e == 0:
                    chosen = [(cc, _ch(rng, insts[cc]))]
                    if mode == "first" and len(countries) + sum(len(v) for v in insts.values()) > 2 \
                            and rng.random() < 0.45:
                        for oc in countries:
                            for ins in insts[oc]:
                                if (oc, ins) not in chosen:
                                    chosen.append((oc, ins))
                    elif rng.random() < 0.05:
                        oc = _ch(rng, countries)
                        chosen.append((oc, _ch(rng, insts[oc])))
                else:
                    oc = cc if rng.random() < 0.65 else _ch(rng, countries)
                    pool = insts[oc] if rng.random() < 0.7 else INSTITUTIONS[oc]
                    chosen = [(oc, _ch(rng, pool))]
                texts = []
                last_has_country = False
                for oc, ins in chosen:
                    t, pc, form = affiliation_part(rng, oc, ins, rng.random() < p_nc)
                    texts.append(t)
                    forms[form] = forms.get(form, 0) + 1
                    if pc is not None:
                        parts_c.append(pc)
                    last_has_country = pc is not None
                text = "; ".join(texts)
                if not text.endswith("."):
                    text += "."
                if e == 0 and (i == 0 or i == n - 1) and year >= 2008 and rng.random() < 0.3:
                    em = email_for(rng, last, chosen[0][1][0], COUNTRIES[chosen[0][0]])
                    if not last_has_country:
                        # the address ends a part that states no place: keep it free of country hints
                        em = em.split("@")[0] + "@gmail.com"
                    text += (" Electronic address: %s." % em) if rng.random() < 0.7 else " " + em + "."
                a('            <AffiliationInfo>\n              <Affiliation>%s</Affiliation>\n' % esc(text))
                if year >= 2016 and len(chosen) == 1 and rng.random() < 0.06 * rare:
                    ins = chosen[0][1]
                    if rng.random() < 0.6:
                        a('              <Identifier Source="ROR">%s</Identifier>\n' % ins[5])
                    else:
                        a('              <Identifier Source="GRID">%s</Identifier>\n' % ins[6])
                a('            </AffiliationInfo>\n')
                aff_count += 1
        a('          </Author>\n')
        if valid and parts_c:
            truth_authors.append(parts_c)
    if has_collective:
        a('          <Author ValidYN="Y">\n            <CollectiveName>%s %s Study Group</CollectiveName>\n'
          '          </Author>\n' % (_ch(rng, ["International", "European", "National", "Global", "Asian"]),
                                     _ch(rng, FIELDS)))
    a('        </AuthorList>\n')
    lang = _ch(rng, LANGS)
    a('        <Language>%s</Language>\n' % lang)
    # grants, from the funders of the authors' countries (about a third of papers)
    countries_here = {c for parts in truth_authors for c in parts}
    grants = [g for c in sorted(countries_here) for g in FUNDERS.get(c, ())
              if rng.random() < 0.35]
    if grants:
        a('        <GrantList CompleteYN="Y">\n')
        for agency, gcountry, prefix in grants[:4]:
            a('          <Grant>\n            <GrantID>%s %06d</GrantID>\n            <Agency>%s</Agency>\n'
              '            <Country>%s</Country>\n          </Grant>\n'
              % (prefix, rng.randrange(1000000), agency, gcountry))
        a('        </GrantList>\n')
    a('        <PublicationTypeList>\n')
    # roughly PubMed's shares: 85 % journal articles, 8 % reviews, case reports; then
    # the other classes alone: letters 4 %, editorials 2 %, comments with a letter,
    # errata 1 %
    r = rng.random()
    if r < 0.04:
        pts = [PUBTYPE_OTHER[0]]
    elif r < 0.06:
        pts = [PUBTYPE_OTHER[1]]
    elif r < 0.07:
        pts = [PUBTYPE_OTHER[0], PUBTYPE_OTHER[2]]
    elif r < 0.08:
        pts = [PUBTYPE_OTHER[3]]
    else:
        pts = [PUBTYPE_LIST[0]]
        r = rng.random()
        if r < 0.09:
            pts = [PUBTYPE_LIST[1]]
        elif r < 0.14:
            pts = [PUBTYPE_LIST[2]]
        for _ in range(_ri(rng, 0, 3)):
            p = _ch(rng, PUBTYPE_LIST[3:])
            if p not in pts:
                pts.append(p)
    for ui, nm in pts:
        a('          <PublicationType UI="%s">%s</PublicationType>\n' % (ui, nm))
    a('        </PublicationTypeList>\n')
    if electronic:
        a('        <ArticleDate DateType="Electronic">\n          <Year>%d</Year>\n          <Month>%02d</Month>\n'
          '          <Day>%02d</Day>\n        </ArticleDate>\n' % (year, month, day))
    a('      </Article>\n      <MedlineJournalInfo>\n        <Country>%s</Country>\n        <MedlineTA>%s</MedlineTA>\n'
      '        <NlmUniqueID>%s</NlmUniqueID>\n        <ISSNLinking>%s</ISSNLinking>\n      </MedlineJournalInfo>\n'
      % (jcountry, jabbr, nlmid, issn))
    if medline:
        a('      <CitationSubset>IM</CitationSubset>\n      <MeshHeadingList>\n')
        for ui, nm in rng.sample(MESH_LIST, _ri(rng, 3, 11)):
            a('        <MeshHeading>\n          <DescriptorName UI="%s" MajorTopicYN="%s">%s</DescriptorName>\n'
              % (ui, "Y" if rng.random() < 0.2 else "N", nm))
            if rng.random() < 0.35:
                qui, qn = _ch(rng, QUAL_LIST)
                a('          <QualifierName UI="%s" MajorTopicYN="%s">%s</QualifierName>\n'
                  % (qui, "Y" if rng.random() < 0.3 else "N", qn))
            a('        </MeshHeading>\n')
        a('      </MeshHeadingList>\n')
    if year >= 2005 and rng.random() < 0.5:
        a('      <KeywordList Owner="NOTNLM">\n')
        for _ in range(_ri(rng, 3, 7)):
            a('        <Keyword MajorTopicYN="N">%s</Keyword>\n' % " ".join(rng.choices(TITLE_WORDS, k=_ri(rng, 1, 3))))
        a('      </KeywordList>\n')
    if year >= 2015 and rng.random() < 0.3:
        a('      <CoiStatement>The authors declare no competing interests.</CoiStatement>\n')
    a('    </MedlineCitation>\n    <PubmedData>\n      <History>\n')
    hy = year
    if year >= 2000 and rng.random() < 0.25:
        for st, dy in (("received", -1), ("revised", 0), ("accepted", 0)):
            a('        <PubMedPubDate PubStatus="%s">\n          <Year>%d</Year>\n          <Month>%02d</Month>\n'
              '          <Day>%02d</Day>\n        </PubMedPubDate>\n' % (st, hy + dy, _ri(rng, 1, 12), _ri(rng, 1, 28)))
    for st in ("pubmed", "medline", "entrez"):
        a('        <PubMedPubDate PubStatus="%s">\n          <Year>%d</Year>\n          <Month>%d</Month>\n'
          '          <Day>%d</Day>\n          <Hour>%d</Hour>\n          <Minute>%d</Minute>\n        </PubMedPubDate>\n'
          % (st, hy, month, day, _rr(rng, 24), _rr(rng, 60)))
    a('      </History>\n      <PublicationStatus>%s</PublicationStatus>\n      <ArticleIdList>\n'
      '        <ArticleId IdType="pubmed">%d</ArticleId>\n' % ("ppublish" if not electronic else "epublish", pmid))
    if year >= 2000:
        a('        <ArticleId IdType="doi">%s</ArticleId>\n' % esc(doi))
    has_pmc = year >= 2005 and rng.random() < 0.35
    if has_pmc:
        a('        <ArticleId IdType="pmc">PMC%d</ArticleId>\n' % (1000000 + pmid % 9000000))
    a('      </ArticleIdList>\n')
    if has_pmc and rng.random() < 0.2:
        a('      <ReferenceList>\n')
        for _ in range(_ri(rng, 5, 30)):
            rs, rf, ri = make_name(rng, "en")
            a('        <Reference>\n          <Citation>%s %s, %s %s, et al. %s. %s. %d;%d:%d-%d.</Citation>\n'
              '          <ArticleIdList>\n            <ArticleId IdType="pubmed">%d</ArticleId>\n'
              '          </ArticleIdList>\n        </Reference>\n'
              % (rs, ri, make_name(rng, "en")[0], _ch(rng, "ABCDEFGHJKLMNPRSTW"),
                 " ".join(rng.choices(TITLE_WORDS, k=_ri(rng, 6, 12))).capitalize(),
                 _ch(rng, JOURNAL_FORMS).format(f=_ch(rng, FIELDS)), _ri(rng, 1970, max(1971, year)),
                 _ri(rng, 1, 300), p1, p1 + 9, _ri(rng, 100000, pmid)))
        a('      </ReferenceList>\n')
    a('    </PubmedData>\n  </PubmedArticle>\n')
    if not trk:
        return None
    return dict(year=year_known, authors=truth_authors, forms=forms, n_aff=aff_count)


# ---------------------------------------------------------------------------
# Truth aggregation
# ---------------------------------------------------------------------------
def new_agg():
    return dict(papers=0, papers_with_country=0, papers_without_year=0, international=0,
                W={}, I={}, F={}, pair_whole={}, pair_frac={}, uscn_by_year={}, by_year={},
                by_country_year={}, fold={"W": 0, "I": 0, "F": 0.0}, forms={}, affiliations=0)


def add_truth(agg, info):
    agg["papers"] += 1
    agg["affiliations"] += info["n_aff"]
    for k, v in info["forms"].items():
        agg["forms"][k] = agg["forms"].get(k, 0) + v
    year = info["year"]
    if year is None:
        agg["papers_without_year"] += 1
    authors = info["authors"]
    cset = sorted(set(c for parts in authors for c in parts))
    ykey = str(year) if year is not None else "unknown"
    by = agg["by_year"].setdefault(ykey, [0, 0, 0])
    by[0] += 1
    if not cset:
        return
    agg["papers_with_country"] += 1
    by[1] += 1
    intl = len(cset) >= 2
    if intl:
        agg["international"] += 1
        by[2] += 1
    W, I, F = agg["W"], agg["I"], agg["F"]
    for c in cset:
        W[c] = W.get(c, 0) + 1
        if intl:
            I[c] = I.get(c, 0) + 1
        k = c + "|" + ykey
        cy = agg["by_country_year"].setdefault(k, [0, 0])
        cy[0] += 1
        if intl:
            cy[1] += 1
    na = len(authors)
    for parts in authors:
        np_ = len(parts)
        for c in parts:
            F[c] = F.get(c, 0.0) + 1.0 / (na * np_)
    if intl:
        fw = 1.0 / (len(cset) - 1)
        for i in range(len(cset)):
            for j in range(i + 1, len(cset)):
                k = cset[i] + "-" + cset[j]
                agg["pair_whole"][k] = agg["pair_whole"].get(k, 0) + 1
                agg["pair_frac"][k] = agg["pair_frac"].get(k, 0.0) + fw
        if "US" in cset and "CN" in cset:
            agg["uscn_by_year"][ykey] = agg["uscn_by_year"].get(ykey, 0) + 1
    # HK and MO folded into CN
    fold = set("CN" if c in ("HK", "MO") else c for c in cset)
    if "CN" in fold:
        agg["fold"]["W"] += 1
        if len(fold) >= 2:
            agg["fold"]["I"] += 1
        for parts in authors:
            agg["fold"]["F"] += sum(1 for c in parts if c in ("CN", "HK", "MO")) / (na * len(parts))


def merge_agg(dst, src):
    for k in ("papers", "papers_with_country", "papers_without_year", "international", "affiliations"):
        dst[k] += src[k]
    for k in ("W", "I", "F", "pair_whole", "pair_frac", "uscn_by_year", "forms"):
        d = dst[k]
        for kk, v in src[k].items():
            d[kk] = d.get(kk, 0) + v
    for k in ("by_year", "by_country_year"):
        d = dst[k]
        for kk, v in src[k].items():
            cur = d.setdefault(kk, [0] * len(v))
            for i, x in enumerate(v):
                cur[i] += x
    for k in ("W", "I", "F"):
        dst["fold"][k] += src["fold"][k]


# ---------------------------------------------------------------------------
# Workers: one chunk of records -> raw deflate bytes (sync-flushed), crc, len, truth
# ---------------------------------------------------------------------------
def work_chunk(task):
    seed, level, rare, entries = task
    out = []
    agg = new_agg()
    sizes = []
    for pmid, rev, version, final in entries:
        before = len(out)
        info = gen_record(seed, pmid, rev, version, out, final, rare)
        sizes.append(sum(len(s) for s in out[before:]))
        if final:
            add_truth(agg, info)
    data = "".join(out).encode("utf-8")
    comp = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
    body = comp.compress(data) + comp.flush(zlib.Z_SYNC_FLUSH)
    return body, zlib.crc32(data), len(data), agg, len(entries), sizes


def crc_combine(crc1, crc2, len2):
    """crc32(A+B) from crc32(A), crc32(B), len(B): the CRC is affine in (state, data)."""
    zeros = bytes(len2)
    return zlib.crc32(zeros, crc1) ^ zlib.crc32(zeros, 0) ^ crc2


class GzWriter:
    """Single-member gzip assembled from independently compressed, sync-flushed deflate chunks (as pigz)."""

    def __init__(self, path, level, gz=True):
        self.f = open(path, "wb")
        self.gz = gz
        self.level = level
        self.crc = 0
        self.size = 0
        if gz:
            # fixed header, mtime 0 for reproducible bytes, OS = 3 (Unix)
            self.f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")

    def add_raw(self, body, crc, length):
        self.f.write(body)
        self.crc = crc_combine(self.crc, crc, length)
        self.size += length

    def add_text(self, text, final=False):
        data = text.encode("utf-8")
        if not self.gz:
            self.f.write(data)
            self.size += len(data)
            return
        comp = zlib.compressobj(self.level, zlib.DEFLATED, -15, 9)
        body = comp.compress(data) + comp.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)
        self.add_raw(body, zlib.crc32(data), len(data))

    def close(self):
        if self.gz:
            self.f.write(struct.pack("<II", self.crc & 0xFFFFFFFF, self.size & 0xFFFFFFFF))
        self.f.close()


# ---------------------------------------------------------------------------
# Plan
# ---------------------------------------------------------------------------
def baseline_pmid(start, i):
    return start + i + i // 4


def make_plan(args):
    """Decide, before writing anything, which PMIDs each update file revises, adds and deletes.

    touched[pmid] = index of the last update file that carries or deletes it; a record
    is in the final state iff no later file touches its PMID and it is not deleted.
    """
    rng = random.Random(args.seed * 7919 + 17)
    nb, R = args.baseline, args.records_per_file
    total_b = nb * R
    start = args.start_pmid
    last_b = baseline_pmid(start, total_b - 1) if total_b else start
    extra = []  # live PMIDs beyond the baseline range, added by updates
    dead = set()
    touched = {}  # pmid -> last update index that carries it (or deletes it)
    versions = {}
    revs = {}
    updates = []
    next_new = last_b + 1000
    U = args.update_records if args.update_records is not None else max(1, R // 3)
    for u in range(args.updates):
        n_rev = int(round(U * args.revise_frac))
        n_new = U - n_rev
        n_del = max(1 if args.delete_frac > 0 else 0, int(round(U * args.delete_frac)))
        live_n = total_b + len(extra)
        chosen = set()

        def draw():
            for _ in range(1000):
                j = _rr(rng, live_n)
                p = baseline_pmid(start, j) if j < total_b else extra[j - total_b]
                if p not in dead and p not in chosen:
                    chosen.add(p)
                    return p
            return None
        revised = []
        for _ in range(min(n_rev, max(0, live_n - len(dead)))):
            p = draw()
            if p is None:
                break
            revs[p] = revs.get(p, 0) + 1
            v = versions.get(p, 1)
            if rng.random() < 0.2:
                v += 1
            versions[p] = v
            revised.append((p, revs[p], v))
            touched[p] = u
        deleted = []
        for _ in range(min(n_del, max(0, live_n - len(dead) - len(revised)))):
            p = draw()
            if p is None:
                break
            deleted.append(p)
        new = []
        for _ in range(n_new):
            p = next_new
            next_new += 1 + (rng.random() < 0.2)
            new.append((p, 0, 1))
        for p in deleted:
            dead.add(p)
            touched[p] = u
        for p, _, _ in new:
            touched[p] = u
            extra.append(p)
        updates.append(dict(records=sorted(revised + new), deleted=sorted(deleted)))
    return dict(total_b=total_b, touched=touched, dead=dead, updates=updates, U=U)


def chunks_for_file(args, plan, fidx):
    """Yield lists of (pmid, rev, version, final) for file fidx (0-based over all files)."""
    nb, R, cs = args.baseline, args.records_per_file, args.chunk
    touched, dead = plan["touched"], plan["dead"]
    if fidx < nb:
        lo = fidx * R
        for c0 in range(lo, lo + R, cs):
            ent = []
            for i in range(c0, min(lo + R, c0 + cs)):
                p = baseline_pmid(args.start_pmid, i)
                ent.append((p, 0, 1, p not in touched))
            yield ent
    else:
        u = fidx - nb
        recs = plan["updates"][u]["records"]
        for c0 in range(0, len(recs), cs):
            ent = []
            for p, rev, v in recs[c0:c0 + cs]:
                ent.append((p, rev, v, touched.get(p) == u and p not in dead))
            yield ent


def main():
    ap = argparse.ArgumentParser(description="Generate a synthetic PubMed-shaped corpus and its truth.json.")
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--baseline", type=int, default=1, help="number of baseline files")
    ap.add_argument("--records-per-file", type=int, default=30000)
    ap.add_argument("--updates", type=int, default=0, help="number of update files")
    ap.add_argument("--update-records", type=int, default=None,
                    help="records per update file (default records-per-file/3)")
    ap.add_argument("--revise-frac", type=float, default=0.4,
                    help="share of update records that revise earlier PMIDs (default 0.4)")
    ap.add_argument("--delete-frac", type=float, default=0.02,
                    help="DeleteCitation PMIDs per update file, as a share of its records (default 0.02)")
    ap.add_argument("--start-pmid", type=int, default=10000001)
    ap.add_argument("--prefix", default="pubmed26n", help="file name prefix (default pubmed26n)")
    ap.add_argument("--level", type=int, default=6, help="gzip level 1-9 (default 6)")
    ap.add_argument("--no-gzip", action="store_true", help="write plain .xml")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--chunk", type=int, default=500,
                    help="records per compression chunk (default 500; output depends on it, not on --jobs)")
    ap.add_argument("--rare", type=float, default=1.0,
                    help="multiply the rate of rare cases (no PubDate year, no year at all, ValidYN=N authors, "
                         "CollectiveName, ROR/GRID identifiers) by this factor, for small test corpora (default 1)")
    ap.add_argument("--quiet", "-q", action="store_true")
    args = ap.parse_args()
    if args.baseline < 0 or args.updates < 0 or args.records_per_file < 1 or args.chunk < 1:
        ap.error("sizes must be positive")
    if not 1 <= args.level <= 9:
        ap.error("--level must be 1-9")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    plan = make_plan(args)
    nfiles = args.baseline + args.updates
    ext = ".xml" if args.no_gzip else ".xml.gz"
    agg = new_agg()
    files = []
    total_bytes = 0
    total_recs = 0

    def tasks():
        for f in range(nfiles):
            for ent in chunks_for_file(args, plan, f):
                yield (f, (args.seed, args.level, args.rare, ent))

    fidx_of = []
    task_iter = tasks()

    def only_task():
        for f, t in task_iter:
            fidx_of.append(f)
            yield t

    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool(args.jobs) if args.jobs > 1 else None
    results = pool.imap(work_chunk, only_task(), chunksize=1) if pool else map(work_chunk, only_task())
    cur = -1
    w = None
    cur_info = None

    def open_file(f):
        name = "%s%04d%s" % (args.prefix, f + 1, ext)
        wr = GzWriter(os.path.join(args.out, name), args.level, not args.no_gzip)
        wr.add_text(HEADER)
        info = dict(name=name, kind="baseline" if f < args.baseline else "update", records=0, deletions=0,
                    bytes_uncompressed=0)
        return wr, info

    def close_file(f, wr, info):
        tail = ""
        if f >= args.baseline:
            dl = plan["updates"][f - args.baseline]["deleted"]
            if dl:
                tail = "  <DeleteCitation>\n" + "".join('<PMID Version="1">%d</PMID>\n' % p for p in dl) + \
                       "</DeleteCitation>\n"
            info["deletions"] = len(dl)
        wr.add_text(tail + FOOTER, final=True)
        wr.close()
        info["bytes_uncompressed"] = wr.size
        info["bytes"] = os.path.getsize(os.path.join(args.out, info["name"]))
        files.append(info)
        if not args.quiet:
            el = time.time() - t0
            sys.stderr.write("%s: %d records, %d deletions, %.1f MB (%.0f records/s so far)\n"
                             % (info["name"], info["records"], info["deletions"], info["bytes"] / 1e6,
                                (total_recs / el) if el else 0))

    k = 0
    all_sizes = []
    for body, crc, ln, cagg, nrec, sizes in results:
        f = fidx_of[k]
        k += 1
        while cur < f:
            if w is not None:
                close_file(cur, w, cur_info)
            cur += 1
            w, cur_info = open_file(cur)
            if cur < f:
                continue
        if args.no_gzip:
            w.f.write(zlib.decompressobj(-15).decompress(body))
            w.size += ln
        else:
            w.add_raw(body, crc, ln)
        cur_info["records"] += nrec
        total_recs += nrec
        total_bytes += ln
        all_sizes.extend(sizes)
        merge_agg(agg, cagg)
    while cur < nfiles - 1:  # files without any records
        if w is not None:
            close_file(cur, w, cur_info)
        cur += 1
        w, cur_info = open_file(cur)
    if w is not None:
        close_file(cur, w, cur_info)
    if pool:
        pool.close()
        pool.join()
    elapsed = time.time() - t0
    all_sizes.sort()
    rs = {}
    if all_sizes:
        n = len(all_sizes)
        rs = {"mean": round(sum(all_sizes) / n), "p10": all_sizes[n // 10], "p50": all_sizes[n // 2],
              "p90": all_sizes[n * 9 // 10], "p99": all_sizes[n * 99 // 100], "max": all_sizes[-1]}
    write_truth(args, plan, agg, files, total_recs, total_bytes, rs)
    if not args.quiet:
        sys.stderr.write("%d records in %d files, %.1f MB uncompressed (%.0f bytes/record), %.1f s, %.0f records/s\n"
                         % (total_recs, nfiles, total_bytes / 1e6, total_bytes / max(1, total_recs), elapsed,
                            total_recs / elapsed if elapsed else 0))


def write_truth(args, plan, agg, files, total_recs, total_bytes, rsizes):
    def r6(d):
        return {k: round(v, 9) for k, v in sorted(d.items())}
    pc = agg["papers_with_country"]
    truth = {
        "comment": ("Ground truth for the final state after applying the files in the order listed (baseline "
                    "then updates; within and across files later records replace earlier ones with the same "
                    "PMID; DeleteCitation removes). It assumes a PERFECT resolver: an affiliation part counts "
                    "for a country only when its text states the location (country name, US state, Canadian "
                    "province); parts naming only an organisation count for no country. Countries are ISO "
                    "3166-1 alpha-2, HK/MO/TW separate. Authors with ValidYN=N are ignored. W = whole count, "
                    "I = international (|C(p)|>=2) whole count, F = author-proportional fractional count "
                    "(SPEC 5). Pair keys are 'AA-BB' with AA < BB. by_year values: [papers, "
                    "papers_with_country, international_papers]; by_country_year values: [W, I]. "
                    "affiliation_forms counts affiliation parts by how their country is stated: country = "
                    "country name, us_state = US state name only, ca_province = Canadian province only, "
                    "ambiguous = a name that needs its neighbours (Georgia, Lebanon NH, Jersey), none = no "
                    "location."),
        "generator": "datasets/gen_pubmed.py",
        "params": {"seed": args.seed, "baseline": args.baseline, "records_per_file": args.records_per_file,
                   "updates": args.updates, "update_records": plan["U"], "revise_frac": args.revise_frac,
                   "delete_frac": args.delete_frac, "start_pmid": args.start_pmid, "chunk": args.chunk, "rare": args.rare,
                   "prefix": args.prefix},
        "files": files,
        "records_written": total_recs,
        "bytes_uncompressed": total_bytes,
        "record_size_chars": rsizes,
        "deleted": len(plan["dead"]),
        "papers": agg["papers"],
        "papers_with_country": pc,
        "papers_without_country": agg["papers"] - pc,
        "papers_without_year": agg["papers_without_year"],
        "international_papers": agg["international"],
        "affiliations": agg["affiliations"],
        "affiliation_forms": dict(sorted(agg["forms"].items())),
        "W": dict(sorted(agg["W"].items())),
        "I": dict(sorted(agg["I"].items())),
        "F": r6(agg["F"]),
        "F_sum": round(sum(agg["F"].values()), 6),
        "pair_whole": dict(sorted(agg["pair_whole"].items())),
        "pair_fractional": r6(agg["pair_frac"]),
        "us_cn_by_year": dict(sorted(agg["uscn_by_year"].items())),
        "us_cn_total": agg["pair_whole"].get("CN-US", 0),
        "by_year": dict(sorted(agg["by_year"].items())),
        "by_country_year": dict(sorted(agg["by_country_year"].items())),
        "fold_hk_mo_CN": {"W": agg["fold"]["W"], "I": agg["fold"]["I"], "F": round(agg["fold"]["F"], 9)},
    }
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
