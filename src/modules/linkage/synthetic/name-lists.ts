/**
 * Fictional-population name lists compiled for Lantern, grouped by heritage
 * so that households get plausible combinations. Numbers are rough relative
 * frequencies within each list (not official statistics).
 */

export type Heritage = 'english' | 'welsh' | 'scottish_irish' | 'south_asian' | 'black_british' | 'eastern_european' | 'other';

/** Rough share of households by heritage in the fictional partnership area. */
export const HERITAGE_WEIGHTS: Record<Heritage, number> = {
  english: 62,
  welsh: 5,
  scottish_irish: 7,
  south_asian: 11,
  black_british: 7,
  eastern_european: 6,
  other: 2,
};

type WeightedNames = string;

function parse(list: WeightedNames): Array<[string, number]> {
  return list
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [name, weight] = entry.split(':');
      return [name ?? '', Number(weight ?? 1)] as [string, number];
    });
}

const GIVEN_FEMALE: Record<Heritage, WeightedNames> = {
  english: `Olivia:30 Amelia:28 Isla:22 Ava:22 Emily:25 Sophie:20 Grace:18 Mia:18 Poppy:15 Ella:16 Lily:18
    Evie:15 Isabella:14 Isabelle:8 Jessica:16 Chloe:18 Charlotte:15 Ruby:14 Millie:12 Freya:12 Phoebe:10 Daisy:10
    Holly:10 Lucy:12 Megan:12 Lauren:12 Hannah:12 Ellie:14 Bethany:9 Rebecca:8 Kayleigh:6 Kayla:5 Courtney:6
    Paige:7 Shannon:6 Abigail:8 Amy:9 Katie:9 Georgia:8 Scarlett:8 Molly:10 Alice:9 Matilda:6 Florence:5 Rosie:7
    Jasmine:7 Zoe:6 Leah:7 Niamh:4 Eleanor:6 Harriet:4 Imogen:5 Elizabeth:6 Victoria:5 Samantha:4 Natalie:4
    Danielle:4 Jade:6 Kerry:2 Karen:1 Caroline:2 Stephanie:3 Nicole:3 Tia:4 Demi:4 Skye:4 Summer:4 Maisie:6`,
  welsh: `Seren:8 Ffion:8 Cerys:8 Carys:6 Megan:8 Rhiannon:6 Sian:5 Catrin:5 Nia:6 Elin:5 Lowri:5 Bethan:5 Mali:4
    Angharad:3 Gwen:3 Tegan:4 Alys:3`,
  scottish_irish: `Niamh:8 Aoife:7 Siobhan:5 Ciara:6 Orla:6 Roisin:4 Caitlin:8 Eilidh:4 Kirsty:5 Fiona:3 Mhairi:3
    Erin:8 Sinead:3 Bridget:2 Shona:3 Isla:6 Ailsa:3 Maeve:4`,
  south_asian: `Aisha:8 Fatima:9 Maryam:9 Zainab:7 Amira:5 Hafsa:5 Khadija:5 Ayesha:6 Sana:5 Noor:5 Inaya:6
    Aleena:4 Anaya:5 Priya:5 Simran:5 Harpreet:4 Gurpreet:3 Jaspreet:3 Anjali:4 Divya:3 Sumaya:3 Yasmin:5 Nadia:4
    Aaliyah:6 Safa:3 Iqra:4 Mehreen:2 Rabia:3 Shabnam:2 Tahmina:2 Nusrat:2 Farzana:2`,
  black_british: `Abena:3 Adaeze:3 Chidinma:3 Nkechi:2 Precious:4 Blessing:4 Favour:4 Grace:5 Esther:4 Tiwa:2
    Funmilayo:2 Ama:2 Akosua:2 Hodan:3 Ayaan:3 Hibo:2 Kemi:3 Shanice:4 Tanisha:3 Jada:4 Aaliyah:4 Amara:4 Zara:4
    Naomi:4 Keisha:3 Imani:3 Nia:3`,
  eastern_european: `Zofia:5 Julia:7 Maja:5 Zuzanna:5 Hanna:4 Natalia:5 Wiktoria:4 Oliwia:4 Aleksandra:4
    Katarzyna:3 Agnieszka:3 Agata:3 Ioana:4 Elena:4 Andreea:4 Maria:5 Gabriela:4 Ieva:3 Egle:2 Viktorija:3
    Milena:3 Kamila:3 Anastasia:3 Sofia:4 Yulia:2 Daria:3`,
  other: `Sofia:4 Leila:4 Mariam:3 Yara:3 Mei:3 Lina:3 Ana:3 Rosa:3 Amina:3 Chiara:2 Ines:2 Nour:2`,
};

const GIVEN_MALE: Record<Heritage, WeightedNames> = {
  english: `Oliver:28 George:25 Harry:24 Noah:22 Jack:24 Leo:18 Arthur:15 Oscar:16 Charlie:20 Jacob:18 Thomas:18
    Alfie:16 Freddie:14 Archie:14 Henry:12 Joshua:16 James:18 William:15 Samuel:12 Daniel:14 Joseph:12 Benjamin:10
    Lewis:10 Callum:9 Ethan:14 Ryan:10 Liam:10 Tyler:8 Kai:8 Reece:6 Connor:8 Jordan:7 Bradley:6 Kieran:6 Luke:10
    Matthew:10 Adam:9 Alexander:8 Max:9 Toby:8 Jake:9 Dylan:9 Mason:9 Logan:8 Harrison:7 Finley:8 Alfred:3
    Frederick:3 Edward:6 Robert:5 Michael:6 David:6 Christopher:5 Stephen:3 Jamie:7 Aaron:6 Nathan:7 Jayden:6
    Riley:7 Theo:9 Rory:4 Elliot:5`,
  welsh: `Dafydd:6 Rhys:8 Gethin:5 Owain:5 Iwan:4 Ieuan:4 Emyr:3 Gareth:4 Huw:4 Cai:4 Osian:4 Macsen:3 Evan:5
    Tomos:4 Aled:3 Rhodri:3 Dylan:5 David:5`,
  scottish_irish: `Cian:6 Oisin:5 Eoin:4 Padraig:3 Sean:8 Conor:7 Ruairi:3 Declan:4 Finn:6 Callum:7 Euan:5
    Hamish:3 Ross:4 Fraser:4 Angus:2 Lachlan:3 Niall:4 Ronan:4 Ciaran:4 Seamus:2`,
  south_asian: `Mohammed:16 Muhammad:12 Ali:8 Ahmed:7 Yusuf:7 Ibrahim:7 Omar:6 Hamza:7 Bilal:5 Usman:5 Zain:6
    Ayaan:6 Rayyan:5 Haris:4 Imran:4 Tariq:3 Faisal:3 Hassan:5 Hussain:5 Arjun:5 Rohan:4 Aarav:4 Vihaan:3
    Harjeet:3 Gurpreet:2 Sandeep:3 Rajesh:2 Kuldeep:2 Navdeep:2 Abdul:4 Abdullah:4 Rahim:3 Shahid:2 Zahid:2`,
  black_british: `Kwame:3 Kofi:3 Kwabena:2 Chukwuemeka:2 Oluwaseun:2 Oluwatobi:2 Femi:3 Tobi:3 David:5 Daniel:5
    Samuel:5 Emmanuel:5 Joshua:5 Isaac:4 Elijah:5 Tyrone:3 Marcus:4 Jermaine:3 Delroy:2 Leroy:2 Abdirahman:3
    Abdullahi:3 Mustafa:3 Jamal:3 Malachi:4 Kayden:3 Tyrese:3`,
  eastern_european: `Jakub:5 Kacper:4 Szymon:4 Filip:5 Mateusz:5 Wojciech:3 Krzysztof:3 Piotr:4 Tomasz:4
    Lukasz:4 Marcin:3 Aleksander:4 Ionut:3 Andrei:4 Mihai:4 Stefan:3 Darius:3 Lukas:4 Matas:3 Dmitri:2
    Vladimir:2 Nikola:3 Marek:3 Jan:4`,
  other: `Luca:4 Mateo:4 Adam:4 Omar:3 Karim:3 Wei:3 Hugo:3 Diego:3 Tomas:3 Samir:3 Yousef:3 Josef:2`,
};

const FAMILY: Record<Heritage, WeightedNames> = {
  english: `Smith:120 Jones:60 Taylor:55 Brown:55 Wilson:40 Johnson:40 Robinson:30 Wright:30 Thompson:30 White:30
    Walker:30 Green:28 Hall:28 Wood:26 Harris:26 Clarke:24 Clark:18 Jackson:24 Turner:22 Hill:22 Moore:22 Cooper:20
    Ward:20 King:20 Baker:20 Harrison:18 Morris:18 Lee:18 Allen:18 Young:16 Mitchell:16 Bell:16 Kelly:14 Parker:14
    Watson:14 Carter:14 Cook:14 Bailey:12 Shaw:12 Chapman:12 Marshall:10 Richardson:10 Cox:10 Webb:10 Lloyd:8
    Holmes:8 Mills:8 Palmer:8 Stevens:8 Fisher:8 Gibson:8 Hunt:8 Knight:8 Barnes:7 Dixon:7 Pearson:7 Russell:7
    Hughes:12 Edwards:12 Phillips:10 Collins:8 Bennett:8 Fletcher:5 Thomson:5 Pickering:3 Ashworth:3 Whitehead:4
    Greenwood:4 Lambert:4 Sutcliffe:3 Butterworth:2 Haworth:2 Kershaw:2 Higginbottom:1 Featherstone:1 Ramsbottom:1
    Oldroyd:1 Fothergill:1 Entwistle:1`,
  welsh: `Jones:30 Williams:30 Davies:25 Evans:20 Thomas:18 Roberts:15 Lewis:12 Hughes:12 Morgan:10 Griffiths:10
    Owen:8 Price:8 Jenkins:7 Powell:6 Rees:6 Pritchard:4 Bevan:3 Prosser:2 Llewellyn:3 Vaughan:3 Pugh:3 Gwynne:2`,
  scottish_irish: `Murphy:10 Kelly:10 O'Brien:8 Byrne:6 Ryan:6 O'Connor:6 Doyle:5 McCarthy:5 Gallagher:4 Quinn:5
    McDonald:6 MacDonald:4 Campbell:6 Stewart:5 Robertson:5 Fraser:4 McLaughlin:4 Reilly:4 Brennan:3 Murray:5
    Sweeney:3 Donnelly:3 McKenzie:3 Fitzgerald:3 Maguire:2 Docherty:3 Kennedy:4`,
  south_asian: `Khan:30 Ahmed:22 Hussain:22 Ali:20 Begum:14 Patel:22 Akhtar:10 Mahmood:8 Iqbal:8 Rahman:10
    Islam:8 Uddin:8 Miah:8 Chaudhry:8 Shah:8 Singh:14 Kaur:10 Sharma:6 Kumar:6 Siddiqui:4 Qureshi:4 Bibi:5 Malik:6
    Aslam:4 Rashid:4 Hassan:4 Nawaz:3 Sandhu:3 Gill:4 Dhillon:3 Bains:2 Mistry:3 Chowdhury:5 Sheikh:4`,
  black_british: `Okafor:4 Adeyemi:4 Okoro:3 Mensah:4 Owusu:4 Boateng:4 Asante:3 Adebayo:3 Oluwole:2 Nwosu:3
    Eze:3 Balogun:3 Osei:4 Agyeman:2 Campbell:4 Williams:5 Brown:5 Thomas:4 Johnson:4 Francis:3 Henry:3 Grant:3
    Samuels:2 Clarke:3 Mohamed:5 Abdi:4 Farah:4 Hassan:3 Warsame:2 Yusuf:3 Ahmed:3`,
  eastern_european: `Nowak:5 Kowalski:5 Wisniewski:4 Wojcik:4 Kowalczyk:4 Kaminski:3 Lewandowski:4 Zielinski:3
    Szymanski:3 Wozniak:3 Dabrowski:3 Popescu:4 Ionescu:3 Popa:3 Dumitru:3 Stan:2 Kazlauskas:3 Petrauskas:2
    Jankauskas:2 Ivanov:3 Petrov:2 Horvath:2 Novak:3 Kovac:2 Balan:2`,
  other: `Rossi:3 Garcia:3 Silva:3 Santos:3 Costa:2 Chen:3 Wang:3 Nguyen:3 Haddad:2 Mansour:2 Said:2 Ferreira:2`,
};

/** Second given names, shared across heritages for simplicity. */
export const MIDDLE_NAMES = parse(`Anne:10 Louise:10 Marie:8 Rose:8 Grace:6 Jane:6 May:5 Elizabeth:5 Jade:4 Hope:3
  James:10 John:8 Thomas:6 William:5 David:5 Michael:5 Lee:4 Paul:4 Alexander:4 Joseph:4 Ali:3 Khan:2 Kaur:3 Singh:3`);

export function givenNames(heritage: Heritage, gender: 'F' | 'M'): Array<[string, number]> {
  return parse((gender === 'F' ? GIVEN_FEMALE : GIVEN_MALE)[heritage]);
}

export function familyNames(heritage: Heritage): Array<[string, number]> {
  return parse(FAMILY[heritage]);
}

/** Female middle names come first in MIDDLE_NAMES, then male ones. */
export function middleNames(gender: 'F' | 'M'): Array<[string, number]> {
  return gender === 'F' ? MIDDLE_NAMES.slice(0, 10) : MIDDLE_NAMES.slice(10);
}

/**
 * Spelling variants that arise from transliterating the same name into the
 * Latin alphabet; the corrupter swaps one for another.
 */
export const TRANSLITERATION_SETS: string[][] = [
  ['Mohammed', 'Muhammad', 'Mohamed', 'Mohamad', 'Muhammed', 'Mohammad'],
  ['Yusuf', 'Yousef', 'Yousuf', 'Yusef', 'Josef'],
  ['Ahmed', 'Ahmad', 'Ahmet'],
  ['Hussain', 'Hussein', 'Husain', 'Hossain'],
  ['Hassan', 'Hasan'],
  ['Ibrahim', 'Ebrahim', 'Ibraheem'],
  ['Usman', 'Uthman', 'Osman'],
  ['Omar', 'Umar'],
  ['Aisha', 'Ayesha', 'Aysha'],
  ['Fatima', 'Fatimah', 'Fatma'],
  ['Maryam', 'Mariam', 'Miriam'],
  ['Khadija', 'Khadijah', 'Kadija'],
  ['Zainab', 'Zaynab', 'Zeinab'],
  ['Yasmin', 'Yasmeen', 'Yasmine'],
  ['Abdullahi', 'Abdulahi', 'Abdillahi'],
  ['Abdirahman', 'Abdurahman', 'Abdulrahman'],
  ['Mustafa', 'Mustapha', 'Mostafa'],
  ['Rahman', 'Rehman'],
  ['Chaudhry', 'Chaudhary', 'Choudhury', 'Chowdhury'],
  ['Akhtar', 'Akhter'],
  ['Siddiqui', 'Siddiqi', 'Siddique'],
  ['Qureshi', 'Kureshi', 'Qureishi'],
  ['Mahmood', 'Mahmud', 'Mehmood'],
  ['Miah', 'Mia', 'Meah'],
  ['Mohamed', 'Mohammed', 'Muhamed'],
  ['Sheikh', 'Shaikh', 'Shaykh'],
  ['Uddin', 'Udin', 'Ud-Din'],
  ['Wojcik', 'Wojczik', 'Voytsik'],
  ['Kowalski', 'Kovalski', 'Kowalsky'],
  ['Wisniewski', 'Vishnevsky', 'Wisnewski'],
  ['Dmitri', 'Dmitry', 'Dimitri'],
  ['Ivanov', 'Ivanoff', 'Ivanow'],
  ['Yulia', 'Yuliya', 'Julia'],
  ['Lukasz', 'Lucasz', 'Lukas'],
  ['Oluwaseun', 'Oluseun'],
  ['Abdi', 'Abdie'],
  ['Farah', 'Farrah'],
];

/** What friends, family or a form might call someone: full name → nicknames. */
export const WRITTEN_NICKNAMES: Record<string, string[]> = {
  Olivia: ['Liv', 'Livvy', 'Ollie'], Amelia: ['Millie', 'Milly', 'Mel'], Emily: ['Em', 'Emmy', 'Millie'],
  Sophie: ['Soph'], Isabella: ['Izzy', 'Bella', 'Issy'], Isabelle: ['Izzy', 'Belle', 'Izzie'], Jessica: ['Jess', 'Jessie'],
  Charlotte: ['Lottie', 'Charlie', 'Lotty'], Rebecca: ['Becky', 'Bex', 'Becca'], Elizabeth: ['Liz', 'Lizzie', 'Beth', 'Libby'],
  Bethany: ['Beth'], Katie: ['Kat', 'Kate'], Abigail: ['Abbie', 'Abby', 'Abi'], Victoria: ['Vicky', 'Tori'],
  Samantha: ['Sam', 'Sammy'], Natalie: ['Nat', 'Tally'], Danielle: ['Dani'], Kerry: ['Kez'], Karen: ['Kaz'],
  Caroline: ['Caz', 'Carrie'], Stephanie: ['Steph', 'Stevie'], Nicole: ['Nicky', 'Nikki'], Eleanor: ['Ellie', 'Nell'],
  Matilda: ['Tilly', 'Tilda'], Florence: ['Flo', 'Florrie'], Harriet: ['Hattie', 'Harri'], Imogen: ['Immy', 'Imi'],
  Alexandra: ['Alex', 'Lexi', 'Sasha'], Margaret: ['Maggie', 'Meg'], Kayleigh: ['Kay', 'Kayley', 'Kaz'],
  Jasmine: ['Jas', 'Jaz', 'Jazz'], Gabriela: ['Gabi', 'Gabby'], Katarzyna: ['Kasia', 'Kate'], Aleksandra: ['Ola', 'Ala'],
  Agnieszka: ['Aga'], Wiktoria: ['Wika', 'Vicky'], Zuzanna: ['Zuza', 'Zuzia'], Natalia: ['Nat', 'Natka'],
  Anastasia: ['Nastya', 'Stacey', 'Ana'], Rhiannon: ['Rhi'], Angharad: ['Anga'], Siobhan: ['Shiv'],
  Oliver: ['Ollie', 'Olly', 'Ol'], George: ['Georgie'], Harry: ['Haz', 'Hal'], Jacob: ['Jake', 'Jay'],
  Thomas: ['Tom', 'Tommy'], Alfie: ['Alf'], Alfred: ['Alfie', 'Alf', 'Fred'], Frederick: ['Fred', 'Freddie', 'Freddy'],
  Freddie: ['Fred'], Archie: ['Arch'], Henry: ['Harry', 'Hal'], Joshua: ['Josh'], James: ['Jim', 'Jimmy', 'Jamie', 'Jay'],
  William: ['Will', 'Billy', 'Bill', 'Liam'], Samuel: ['Sam', 'Sammy'], Daniel: ['Dan', 'Danny'], Joseph: ['Joe', 'Joey'],
  Benjamin: ['Ben', 'Benji', 'Benny'], Callum: ['Cal'], Matthew: ['Matt', 'Matty'], Alexander: ['Alex', 'Xander', 'Sandy'],
  Edward: ['Ed', 'Eddie', 'Ted'], Robert: ['Rob', 'Robbie', 'Bob', 'Bobby'], Michael: ['Mike', 'Mikey', 'Mick'],
  David: ['Dave', 'Davey', 'Dai'], Christopher: ['Chris', 'Kit'], Stephen: ['Steve', 'Stevie'], Nathan: ['Nate', 'Nat'],
  Theo: ['Ted'], Harrison: ['Harry', 'Haz'], Finley: ['Finn', 'Fin'], Dafydd: ['Dai', 'Dewi', 'Daf'], Gareth: ['Gaz'],
  Mohammed: ['Mo', 'Moh', 'Mohd'], Muhammad: ['Mo', 'Mohd'], Abdullah: ['Abdul'], Ibrahim: ['Ibby', 'Ibi'],
  Hamza: ['Hamz'], Yusuf: ['Yus'], Oluwaseun: ['Seun', 'Shaun'], Oluwatobi: ['Tobi', 'Toby'], Chukwuemeka: ['Emeka'],
  Kwabena: ['Kobby'], Jakub: ['Kuba'], Wojciech: ['Wojtek'], Krzysztof: ['Krzys', 'Chris'], Tomasz: ['Tomek', 'Tom'],
  Aleksander: ['Olek', 'Alek', 'Alex'], Mateusz: ['Mati'], Dmitri: ['Dima'], Vladimir: ['Vlad', 'Volodya'],
  Andrei: ['Andy'], Mihai: ['Mike'], Lukasz: ['Luke'], Marcus: ['Marc'], Tyrone: ['Ty'], Jermaine: ['Jerm'],
  Leroy: ['Roy', 'Lee'], Delroy: ['Del'], Sandeep: ['Sunny', 'Sandy'], Rajesh: ['Raj'], Navdeep: ['Nav'],
};
