/**
 * Given-name equivalence groups compiled for Lantern: British diminutives and
 * pet forms, spelling variants, Welsh, Irish and Scottish forms, and
 * transliteration variants of Arabic, South Asian, African and Eastern
 * European names as they appear in UK agency records.
 *
 * One line is one group; the first name is the group's canonical form. A name
 * may sit in several groups ("jay", "sam", "alex"), so equivalence means
 * "share at least one group".
 */

const GROUPS = `
alfred alf alfie alfy fred freddie freddy
frederick fred freddie freddy fredrick frederic fredric rick ricky
albert al bert bertie albie
alan al allan allen alun alen
alexander alex alec alick sandy xander zander alexandr olek oleksandr sasha sascha lex alexandre alessandro
alexandra alex alexa lexi lexie sandra sandy sasha alexandria
alexis alex lexi
alistair al ali alasdair alastair allister
abigail abbie abby abi gail
adam ad adem
adrian ade adi
adebayo bayo ade
adewale wale ade
agnieszka aga agnes
aisha ayesha aysha aishah ayisha asha
aleksander olek alek alex
amanda mandy manda
amelia millie milly emilia mel
amy aimee aimie amie
andrew andy drew andrzej andrei andrea
angela angie ange
anna ann anne annie ania anya
annabel annabelle bella belle annie
anthony tony ant antony anton antonio
archibald archie arch
arthur art artie
barbara barb barbs babs
bartholomew bart
benjamin ben benny benji
bernard bernie barney
beatrice bea trixie beattie
bethany beth
bradley brad
brandon bran
bridget bridie biddy bridgette brigid
callum cal calum
cameron cam
caroline carol carrie caz carolyn lyn
catherine cath cathy kate katie kathryn kathy kat katherine cathryn kathleen cat kay
charles charlie chas chuck chaz
charlotte charlie lottie lotty char
christopher chris kit topher christy kris
christine chris chrissie tina christina kristina kristine
christian chris kristian kris
clare claire clara
connor conor con
cornelius con neil
daniel dan danny dani
danielle dani dan ellie
david dave davey davy dai dafydd dewi
deborah debbie debs deb debra
dennis den denny
derek del
dominic dom
donald don donnie
dorothy dot dottie dolly
douglas doug dougie
duncan dunc
edward ed eddie eddy ted teddy ned
edmund ed eddie ned
edwin ed eddie
eleanor ellie nell nellie elle elinor lena nora
elizabeth liz lizzie lizzy beth betty bet bess bessie libby eliza elise elsie liza betsy
ellie elle eleanor elly
emily em emmy milly millie emilie emelia
emma em emmy
eugene gene
evelyn evie eve
francis frank frankie fran
frances fran frankie fanny
gabriel gabe gabi
gabriella gabi gabby gabrielle ella
gareth gaz
gary gaz garry
geoffrey geoff jeff jeffrey
george georgie geordie jorge georgi
georgina georgia georgie gina
gerald gerry ged jerry
gerard gerry ged
gregory greg
gwendolen gwen gwyneth
harold harry hal
harry harri hal henry hank haz
heather hev
helen helena nell nellie lena elena
henry harry hal hank hendrik
hugh hughie hugo
ian iain
isaac ike zac zak
isabel isabelle isobel isabella izzy izzie issy bella belle ishbel izabela izabella izzi
jacob jake jakub kuba jacub jay
jacqueline jackie jacqui jax
james jim jimmy jamie jay jas seamus hamish jem
jamie jay
jasmine jas jaz jazz yasmin yasmine jasmin
jason jay jase
jayden jay jaiden jaden jaydon
jennifer jen jenny jenna jennie
jessica jess jessie
joan jo joanie
joanne jo joanna jojo
jonathan jon jonny johnny jono
john johnny jack jon jonny
joseph joe joey jo jo-jo josef jozef
josephine jo josie jo-jo
joshua josh
judith judy jude
julian jules
julie jules julia juliet
karen kaz kaza karin caron karyn
kayleigh kayley kaylee kayla kaleigh kailey caley kaylie kayly cayleigh kaley kay kaz
kerry kez keri kerri kerrie
kimberley kim kimberly kimmy
kristopher kris chris
laura laurie lori
lauren laurie lori loz
lawrence laurence larry laurie loz
leonard len lenny leo
leon leo
lewis lou louis lewi luis
louise lou lulu louisa
lucy lu lucie luci lucia
luke luc lucas
madeleine maddie maddy madeline madison
margaret maggie meg peggy marge margie greta rita maisie maisy mags
martin marty mart
mary maria marie molly polly mae may mair maire moira mhairi maura marya
matthew matt matty mateusz mathew matteo
mateusz mati matt
maureen mo maura
michael mike mick micky mickey mikey mitch micheal michal mikhail
michelle shell shelley michele
mohammed mo moh mohd mohamed muhammad mohamad muhammed mohammad mohamud mohammod mahomed muhamed mehmet mehmed
natalie nat tally natalia natasha tash tasha
nathan nat nate
nathaniel nat nate nathan
nicholas nick nicky nico nikolai mikolaj nicolas
nicola nicky nikki nic nicole
oliver ollie olly ol olivier
olivia liv livvy ollie livia
patricia pat patsy trish tricia patty
patrick pat paddy padraig
paul paulie pawel pablo
penelope penny
peter pete piotr pietro petr
philip phil pip phillip filip
rachel rach rae rachael
raymond ray
rebecca becky becca bex beckie rebekah reba
richard rich rick ricky dick richie rickie ryszard
robert rob robbie bob bobby bert robin rab robby
roberta bobbie robbie
rodney rod
ronald ron ronnie
rosemary rose rosie
rosalind ros roz
samantha sam sammy sammie
samuel sam sammy sammie
sarah sara sally sadie sal
sebastian seb bas
sharon shaz shaaz
shannon shaz shan
simon si sim
sophie sophia soph sofia zofia
stephanie steph steff stevie stefanie
stephen steve steven stevie stefan stephan steffan
stuart stu stewart
susan sue susie suzy suzanne susanna suzie
terence terry tel
theodore theo ted teddy
thomas tom tommy tam tomasz
timothy tim timmy
tobias toby
valerie val
vanessa nessa ness
victoria vicky vikki tori vic
vincent vince vinny
walter wally walt
william will bill billy willie liam wil gwilym
winifred winnie freda
zachary zach zak zac
zoe zoey zoë
# Welsh, Irish and Scottish
dafydd dai dewi david daf
rhiannon rhi rhian
sian shan sioned jane
sion john
gwenllian gwen
owain owen
ieuan evan john
siobhan shiv shevaun chevonne
niamh neve nieve
aoife eva
ciara kiara keira kira
sinead sine jane
padraig patrick paddy
seamus shay james
eoin owen john
cian kian keane
ruairi rory
rory ruairi roy
hamish james
mhairi mary
# South Asian, Arabic and Somali transliterations
ahmed ahmad ahmet ahmedi
ali aly alee
abdul abdool abdal
abdullah abdallah abdulla abdul
abdirahman abdurahman abdulrahman abdi
hussain hussein husain hossain hussan
hassan hasan hasaan
ibrahim ebrahim ibraheem ibi ibby
imran imraan
yusuf yousef yousuf yusef yosef josef yousif yus
yasmin yasmeen yasmine jasmine yas
zainab zaynab zeinab
fatima fatimah fatma fatuma
khadija khadijah khadeeja kadija
maryam mariam maryum miriam
mustafa mustapha mostafa
omar umar omer
usman uthman osman othman
bilal belal
faisal faysal feisal
hamza hamzah hamz
tariq tarik tareq
zahid zaheed
rashid rasheed rashed
shahid shaheed
nadia nadiya nadiyah
aaliyah aliyah aliya alia
ayaan ayan
hafsa hafsah
sumaya sumaiya sumayah
hodan hoodo
abdulahi abdullahi abdillahi
priya pria
sandeep sandip sunny sandy
gurpreet gurprit preet
harpreet harprit preet
manpreet manprit preet
jaspreet jasprit jas preet
kuldeep kuldip
rajinder raj rajinda
rajesh raj
rakesh rak
sanjay sanjai
vijay vijai
arjun arjan
deepak dipak
amandeep aman amandip
navdeep navdip nav
# African and Caribbean
oluwaseun seun oluseun shaun
oluwatobi tobi toby
oluwafemi femi
olufunmilayo funmi
adeola deola
chukwuemeka emeka
chinonso nonso
chidinma dinma
nkechi kechi
oluwadamilare dami
kwame kwami
kofi koffi
kwabena kwab kobby kobina
abena abina
ama amma
akosua akos
tyrone ty tye
tyler ty tye
marcus marc
mark marc marek
shanice shan
jermaine jerm
delroy del roy
leroy lee roy
# Pet forms heard in UK homes and schools
matilda tilly tilda tillie mattie
florence flo florrie flossie
harriet hattie harri hatty
imogen immy imi immi
harrison harry haz
finley finn fin finlay
gabriela gabi gabby gabriella gabrielle
wiktoria wika vicky victoria
zuzanna zuza zuzia susanna
natalia natka
anastasia nastya stacey ana stasia
angharad anga
# Eastern European
katarzyna kasia kate kasha
malgorzata gosia
aleksandra ola ala alexandra sasha
wojciech wojtek
krzysztof krzys chris christopher
grzegorz grzes greg gregory
lukasz luke lucas lukas lucasz
tomasz tom tomek thomas
marcin marcinek
jan janek john
ionut ion
andrei andrew andrea andrej
mihai mike michael
elena lena helen
ioana ana
dmitri dima dmitry dimitri
vladimir vlad volodymyr volodya
oleksandr sasha alexander
tatiana tanya tatyana
svetlana sveta lana
natalya natasha nata natalia
ekaterina katya katerina catherine
yulia julia yuliya julie
agata agatha aga
`;

const groupsByName = new Map<string, number[]>();
const canonicalByGroup: string[] = [];

function addName(name: string, group: number): void {
  const existing = groupsByName.get(name);
  if (existing) {
    if (!existing.includes(group)) existing.push(group);
  } else {
    groupsByName.set(name, [group]);
  }
}

for (const line of GROUPS.split('\n')) {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) continue;
  const names = trimmed.split(/\s+/).map((name) => name.replace(/[^a-z]/g, ''));
  const canonical = names[0];
  if (!canonical) continue;
  const group = canonicalByGroup.length;
  canonicalByGroup.push(canonical);
  for (const name of names) if (name) addName(name, group);
}

const NO_GROUPS: readonly number[] = [];

/** Group ids the (standardised, lower-case, letters-only) given name belongs to. */
export function nicknameGroups(name: string): readonly number[] {
  return groupsByName.get(name) ?? NO_GROUPS;
}

/**
 * The canonical names a given name maps to: e.g. "kaz" → ["karen", "caroline"].
 * A name outside every group maps to itself.
 */
export function nicknameCanonicals(name: string): string[] {
  const groups = groupsByName.get(name);
  if (!groups) return [name];
  return groups.map((group) => canonicalByGroup[group] ?? name);
}

/** True when the two given names are the same, or share a nickname/variant group. */
export function areNicknameEquivalent(a: string, b: string): boolean {
  if (a === b) return true;
  const groupsA = groupsByName.get(a);
  const groupsB = groupsByName.get(b);
  if (!groupsA || !groupsB) return false;
  for (const group of groupsA) if (groupsB.includes(group)) return true;
  return false;
}

/** Number of names in the table (for reporting and tests). */
export function nicknameTableSize(): { names: number; groups: number } {
  return { names: groupsByName.size, groups: canonicalByGroup.length };
}
