// Every text the UI shows, in Swedish (first) and English, and the
// formatting of numbers, dates and weeks for the chosen language.

const STRINGS = {
  sv: {
    'app.name': 'Randa',
    'app.tagline': 'Randningsplatser i Region Skåne',
    'nav.label': 'Huvudmeny',
    'nav.places': 'Platstillgång',
    'nav.trainees': 'ST-läkare',
    'nav.units': 'Enheter',
    'nav.bookings': 'Bokningar',
    'lang.switch': 'English',
    'lang.switch.label': 'Switch to English',
    'skip': 'Hoppa till innehållet',

    'common.loading': 'Laddar…',
    'common.none': '–',
    'common.yes': 'Ja',
    'common.no': 'Nej',
    'common.close': 'Stäng',
    'common.cancel': 'Avbryt',
    'common.save': 'Spara',
    'common.edit': 'Ändra',
    'common.delete': 'Ta bort',
    'common.confirm_delete': 'Bekräfta borttagning',
    'common.search': 'Sök',
    'common.prev': 'Föregående',
    'common.next': 'Nästa',
    'common.range': '{from}–{to} av {total}',
    'common.empty': 'Inget att visa.',
    'common.weeks_n': '{n} veckor',
    'common.week_1': '1 vecka',
    'common.page_of': 'Sida {page} av {pages}',
    'common.not_found': 'Sidan finns inte.',
    'common.back_to_start': 'Till startsidan',

    'error.title': 'Något gick fel',
    'error.network': 'Servern svarar inte. Kontrollera nätverket och försök igen.',
    'error.http': 'Servern svarade med fel {status}.',
    'error.not_implemented': 'Den här funktionen finns inte i servern ännu.',
    'error.week_format': 'Ange vecka som 2027-W10.',
    'error.week_order': 'Till-veckan måste vara samma som eller efter från-veckan.',
    'error.week_span': 'Visa högst {n} veckor åt gången.',
    'error.required': 'Fältet måste fyllas i.',
    'error.field': 'Fel i fältet: {field}',

    'week.format': 'v. {week} {year}',
    'week.short': 'v. {week}',
    'week.placeholder': '2027-W10',

    'pattern.full': 'Heltid',
    'pattern.split4': '4+1 dagar',
    'pattern.split3': '3+2 dagar',
    'pattern.half': 'Halvtid',
    'pattern.alternate': 'Varannan vecka',
    'pattern.any': 'Alla mönster',

    'status.requested': 'Förfrågad',
    'status.confirmed': 'Bekräftad',
    'status.declined': 'Avböjd',
    'status.cancelled': 'Avbokad',
    'status.completed': 'Genomförd',

    'reason.sick_leave': 'Sjukskrivning',
    'reason.parental_leave': 'Föräldraledighet',
    'reason.changed_plan': 'Ändrad plan',
    'reason.other': 'Annat',

    'provider.public': 'Offentlig',
    'provider.private': 'Privat',
    'provider.any': 'Alla vårdgivare',

    'unitkind.primary_care': 'Vårdcentral',
    'unitkind.hospital_clinic': 'Sjukhusklinik',
    'unitkind.private_clinic': 'Privat mottagning',
    'unitkind.training_node': 'Utbildningsnod',

    'leave.parental': 'Föräldraledighet',
    'leave.sick': 'Sjukskrivning',
    'leave.leave_of_absence': 'Tjänstledighet',
    'leave.other': 'Annan ledighet',

    'trainee_status.active': 'Aktiv',
    'trainee_status.on_leave': 'Ledig',
    'trainee_status.completed': 'Klar',
    'trainee_status.left': 'Avslutad',

    'need_status.open': 'Obokat',
    'need_status.booked': 'Bokat',
    'need_status.done': 'Genomfört',
    'need_status.waived': 'Avskrivet',

    'places.title': 'Platstillgång',
    'places.lead': 'Lediga randningsplatser per enhet och vecka i hela regionen, privata vårdgivare inräknade.',
    'places.filters': 'Urval',
    'places.specialty': 'Specialitet',
    'places.specialty.any': 'Alla specialiteter',
    'places.area': 'Område',
    'places.area.any': 'Alla områden',
    'places.provider': 'Vårdgivare',
    'places.pattern': 'Mönster',
    'places.from': 'Från vecka',
    'places.to': 'Till och med vecka',
    'places.earlier': 'Tidigare veckor',
    'places.later': 'Senare veckor',
    'places.summary': '{units} enheter · {weeks} veckor · {free} lediga platsveckor',
    'places.none': 'Inga enheter matchar urvalet.',
    'places.unit': 'Enhet',
    'places.grid_label': 'Lediga platser per enhet och vecka',
    'places.cell': '{unit}, {week}: {free} lediga av {seats} platser',
    'places.cell_none': '{unit}, {week}: ingen kapacitet',
    'places.legend': 'Teckenförklaring',
    'places.legend.none': 'Ingen kapacitet',
    'places.legend.full': 'Fullt',
    'places.legend.free': 'Lediga platser',
    'places.legend.soon': 'Mindre än 3 månader till start',
    'places.hint': 'Välj en ruta (klick eller Enter) för att se enhetens lediga veckor och begära en plats. Piltangenterna flyttar mellan rutorna.',

    'panel.around': 'Lediga veckor kring {week}',
    'panel.free_ranges': 'Sammanhängande lediga perioder',
    'panel.no_free': 'Inga lediga veckor i perioden.',
    'panel.chip': 'Starta {week}: {free} lediga av {seats} platser',
    'panel.chip_none': 'Starta {week}: ingen kapacitet',
    'panel.request': 'Begär plats',
    'panel.need': 'ST-läkare och randningsbehov',
    'panel.need.choose': 'Välj ST-läkare…',
    'panel.need.filter': 'Filtrera ST-läkare',
    'panel.need.none': 'Inga obokade randningsbehov i {specialty}.',
    'panel.need.label': '{name} · {weeks} v. · önskad start {start}',
    'panel.need.label_nostart': '{name} · {weeks} v.',
    'panel.need.info': '{weeks} veckor heltid. Tillåtna mönster: {patterns}.',
    'panel.start': 'Startvecka',
    'panel.pattern': 'Mönster',
    'panel.pattern.none': 'Behovet och enheten har inget gemensamt mönster.',
    'panel.submit': 'Skicka förfrågan',
    'panel.sending': 'Skickar…',
    'panel.sent': 'Förfrågan skickad: {name} på {unit}, {from} – {to}. Enheten behöver acceptera den.',
    'panel.goto_bookings': 'Visa i Bokningar',
    'panel.goto_trainee': 'Visa ST-läkaren',
    'panel.warnings': 'Observera',
    'panel.open_unit': 'Enhetens sida',

    'trainees.title': 'ST-läkare',
    'trainees.lead': 'Sök bland regionens ST-läkare och se deras utbildningsplan.',
    'trainees.q': 'Sök namn eller e-post',
    'trainees.specialty': 'Specialitet',
    'trainees.name': 'Namn',
    'trainees.home_unit': 'Hemenhet',
    'trainees.start': 'Start',
    'trainees.end': 'Planerat slut',
    'trainees.open_needs': 'Obokade behov',
    'trainees.count': '{n} ST-läkare',
    'trainees.count_1': '1 ST-läkare',

    'trainee.kind': 'ST-läkare',
    'trainee.specialty': 'Specialitet',
    'trainee.home_unit': 'Hemenhet',
    'trainee.start_date': 'Start',
    'trainee.planned_end': 'Planerat slut',
    'trainee.projected_end': 'Beräknat slut',
    'trainee.fte': 'Tjänstgöringsgrad',
    'trainee.status': 'Status',
    'trainee.regulation': 'Föreskrift',
    'trainee.email': 'E-post',
    'trainee.timeline': 'Tidslinje',
    'trainee.timeline.label': 'Tidslinje för {name} från {from} till {to}',
    'trainee.timeline.rotations': 'Randningar',
    'trainee.timeline.leaves': 'Ledigheter',
    'trainee.timeline.today': 'I dag',
    'trainee.timeline.end': 'Beräknat slut',
    'trainee.timeline.needs': 'Obokade behov',
    'trainee.bookings': 'Randningar',
    'trainee.no_bookings': 'Inga randningar bokade.',
    'trainee.open_needs': 'Obokade randningsbehov',
    'trainee.no_open_needs': 'Alla randningsbehov är bokade.',
    'trainee.need.specialty': 'Specialitet',
    'trainee.need.weeks': 'Veckor',
    'trainee.need.patterns': 'Mönster',
    'trainee.need.preferred': 'Önskad start',
    'trainee.need.find': 'Hitta plats',
    'trainee.leaves': 'Ledigheter',
    'trainee.no_leaves': 'Inga ledigheter registrerade.',
    'trainee.leave.kind': 'Typ',
    'trainee.leave.from': 'Från',
    'trainee.leave.to': 'Till och med',

    'units.title': 'Enheter',
    'units.lead': 'Kliniker, vårdcentraler, privata mottagningar och utbildningsnoder som tar emot ST-läkare.',
    'units.q': 'Sök enhet',
    'units.name': 'Namn',
    'units.specialty': 'Specialitet',
    'units.provider': 'Vårdgivare',
    'units.area': 'Område',
    'units.kind': 'Typ',
    'units.count': '{n} enheter',
    'units.count_1': '1 enhet',

    'unit.hsa_id': 'HSA-id',
    'unit.site': 'Sjukhus/ort',
    'unit.takes_trainees': 'Tar emot ST-läkare',
    'unit.max_away': 'Högst borta samtidigt',
    'unit.goals': 'Delmål som kan uppfyllas',
    'unit.capacity': 'Kapacitet',
    'unit.capacity.lead': 'Platser per period och tillåtna mönster. Perioderna får inte överlappa.',
    'unit.capacity.from': 'Från vecka',
    'unit.capacity.to': 'Till och med vecka',
    'unit.capacity.seats': 'Platser',
    'unit.capacity.patterns': 'Mönster',
    'unit.capacity.note': 'Notering',
    'unit.capacity.actions': 'Åtgärder',
    'unit.capacity.add': 'Lägg till period',
    'unit.capacity.none': 'Ingen kapacitet registrerad.',
    'unit.capacity.saved': 'Perioden sparades.',
    'unit.capacity.deleted': 'Perioden togs bort.',
    'unit.capacity.patterns.legend': 'Tillåtna mönster',
    'unit.capacity.show_past': 'Visa tidigare perioder',
    'unit.requests': 'Inkommande förfrågningar',
    'unit.no_requests': 'Inga obesvarade förfrågningar.',
    'unit.booked': 'Bokade ST-läkare vecka för vecka',
    'unit.booked.none': 'Inga bekräftade bokningar i perioden.',
    'unit.booked.occupancy': 'Belagt / platser',
    'unit.booked.window': 'Veckor {from} – {to}',

    'bookings.title': 'Bokningar',
    'bookings.lead': 'Förfrågningar att besvara, bekräftade randningar och avbokningar i hela regionen.',
    'bookings.tabs': 'Bokningslistor',
    'bookings.tab.requested': 'Förfrågningar',
    'bookings.tab.confirmed': 'Bekräftade',
    'bookings.tab.cancelled': 'Avbokningar',
    'bookings.unit': 'Enhet',
    'bookings.unit.any': 'Alla enheter',
    'bookings.specialty': 'Specialitet',
    'bookings.trainee': 'ST-läkare',
    'bookings.period': 'Period',
    'bookings.pattern': 'Mönster',
    'bookings.weeks': 'Veckor',
    'bookings.status': 'Status',
    'bookings.created': 'Skapad',
    'bookings.updated': 'Ändrad',
    'bookings.reason': 'Orsak',
    'bookings.actions': 'Åtgärder',
    'bookings.short_notice': 'Kort varsel',
    'bookings.short_notice.title': 'Mindre än 3 månader mellan förfrågan och start',
    'bookings.accept': 'Acceptera',
    'bookings.decline': 'Avböj',
    'bookings.cancel': 'Avboka…',
    'bookings.cancel.reason': 'Orsak till avbokning',
    'bookings.cancel.confirm': 'Bekräfta avbokning',
    'bookings.accepted': 'Bokningen för {name} på {unit} är bekräftad.',
    'bookings.declined': 'Förfrågan från {name} avböjdes.',
    'bookings.cancelled': 'Bokningen för {name} på {unit} är avbokad. Platsen är ledig igen.',
    'bookings.none.requested': 'Inga förfrågningar väntar på svar.',
    'bookings.none.confirmed': 'Inga bekräftade bokningar matchar urvalet.',
    'bookings.none.cancelled': 'Inga avbokningar.',
    'bookings.count': '{n} bokningar',
    'bookings.count_1': '1 bokning',
  },
  en: {
    'app.name': 'Randa',
    'app.tagline': 'Rotation places in Region Skåne',
    'nav.label': 'Main menu',
    'nav.places': 'Place availability',
    'nav.trainees': 'Trainees',
    'nav.units': 'Units',
    'nav.bookings': 'Bookings',
    'lang.switch': 'Svenska',
    'lang.switch.label': 'Byt till svenska',
    'skip': 'Skip to content',

    'common.loading': 'Loading…',
    'common.none': '–',
    'common.yes': 'Yes',
    'common.no': 'No',
    'common.close': 'Close',
    'common.cancel': 'Cancel',
    'common.save': 'Save',
    'common.edit': 'Edit',
    'common.delete': 'Delete',
    'common.confirm_delete': 'Confirm delete',
    'common.search': 'Search',
    'common.prev': 'Previous',
    'common.next': 'Next',
    'common.range': '{from}–{to} of {total}',
    'common.empty': 'Nothing to show.',
    'common.weeks_n': '{n} weeks',
    'common.week_1': '1 week',
    'common.page_of': 'Page {page} of {pages}',
    'common.not_found': 'There is no such page.',
    'common.back_to_start': 'To the start page',

    'error.title': 'Something went wrong',
    'error.network': 'The server does not answer. Check the network and try again.',
    'error.http': 'The server answered with error {status}.',
    'error.not_implemented': 'The server does not offer this yet.',
    'error.week_format': 'Write the week as 2027-W10.',
    'error.week_order': 'The last week must be the same as or after the first.',
    'error.week_span': 'Show at most {n} weeks at a time.',
    'error.required': 'This field is required.',
    'error.field': 'Error in field: {field}',

    'week.format': 'wk {week} {year}',
    'week.short': 'wk {week}',
    'week.placeholder': '2027-W10',

    'pattern.full': 'Full time',
    'pattern.split4': '4+1 days',
    'pattern.split3': '3+2 days',
    'pattern.half': 'Half time',
    'pattern.alternate': 'Every other week',
    'pattern.any': 'All patterns',

    'status.requested': 'Requested',
    'status.confirmed': 'Confirmed',
    'status.declined': 'Declined',
    'status.cancelled': 'Cancelled',
    'status.completed': 'Completed',

    'reason.sick_leave': 'Sick leave',
    'reason.parental_leave': 'Parental leave',
    'reason.changed_plan': 'Changed plan',
    'reason.other': 'Other',

    'provider.public': 'Public',
    'provider.private': 'Private',
    'provider.any': 'All providers',

    'unitkind.primary_care': 'Primary care centre',
    'unitkind.hospital_clinic': 'Hospital clinic',
    'unitkind.private_clinic': 'Private clinic',
    'unitkind.training_node': 'Training node',

    'leave.parental': 'Parental leave',
    'leave.sick': 'Sick leave',
    'leave.leave_of_absence': 'Leave of absence',
    'leave.other': 'Other leave',

    'trainee_status.active': 'Active',
    'trainee_status.on_leave': 'On leave',
    'trainee_status.completed': 'Completed',
    'trainee_status.left': 'Left',

    'need_status.open': 'Open',
    'need_status.booked': 'Booked',
    'need_status.done': 'Done',
    'need_status.waived': 'Waived',

    'places.title': 'Place availability',
    'places.lead': 'Free rotation places per unit and week across the region, private providers included.',
    'places.filters': 'Filters',
    'places.specialty': 'Specialty',
    'places.specialty.any': 'All specialties',
    'places.area': 'Area',
    'places.area.any': 'All areas',
    'places.provider': 'Provider',
    'places.pattern': 'Pattern',
    'places.from': 'From week',
    'places.to': 'To week (inclusive)',
    'places.earlier': 'Earlier weeks',
    'places.later': 'Later weeks',
    'places.summary': '{units} units · {weeks} weeks · {free} free seat-weeks',
    'places.none': 'No unit matches the filters.',
    'places.unit': 'Unit',
    'places.grid_label': 'Free seats per unit and week',
    'places.cell': '{unit}, {week}: {free} free of {seats} seats',
    'places.cell_none': '{unit}, {week}: no capacity',
    'places.legend': 'Legend',
    'places.legend.none': 'No capacity',
    'places.legend.full': 'Full',
    'places.legend.free': 'Free seats',
    'places.legend.soon': 'Less than 3 months to start',
    'places.hint': 'Choose a cell (click or Enter) to see the unit\'s free weeks and request a place. The arrow keys move between cells.',

    'panel.around': 'Free weeks around {week}',
    'panel.free_ranges': 'Continuous free periods',
    'panel.no_free': 'No free weeks in this period.',
    'panel.chip': 'Start {week}: {free} free of {seats} seats',
    'panel.chip_none': 'Start {week}: no capacity',
    'panel.request': 'Request a place',
    'panel.need': 'Trainee and rotation need',
    'panel.need.choose': 'Choose a trainee…',
    'panel.need.filter': 'Filter trainees',
    'panel.need.none': 'No open rotation needs in {specialty}.',
    'panel.need.label': '{name} · {weeks} wk · preferred start {start}',
    'panel.need.label_nostart': '{name} · {weeks} wk',
    'panel.need.info': '{weeks} full-time weeks. Allowed patterns: {patterns}.',
    'panel.start': 'Start week',
    'panel.pattern': 'Pattern',
    'panel.pattern.none': 'The need and the unit have no pattern in common.',
    'panel.submit': 'Send request',
    'panel.sending': 'Sending…',
    'panel.sent': 'Request sent: {name} at {unit}, {from} – {to}. The unit needs to accept it.',
    'panel.goto_bookings': 'Show in Bookings',
    'panel.goto_trainee': 'Show the trainee',
    'panel.warnings': 'Note',
    'panel.open_unit': 'Unit page',

    'trainees.title': 'Trainees',
    'trainees.lead': 'Search the region\'s specialty trainees and see their training plan.',
    'trainees.q': 'Search name or e-mail',
    'trainees.specialty': 'Specialty',
    'trainees.name': 'Name',
    'trainees.home_unit': 'Home unit',
    'trainees.start': 'Start',
    'trainees.end': 'Planned end',
    'trainees.open_needs': 'Open needs',
    'trainees.count': '{n} trainees',
    'trainees.count_1': '1 trainee',

    'trainee.kind': 'Specialty trainee',
    'trainee.specialty': 'Specialty',
    'trainee.home_unit': 'Home unit',
    'trainee.start_date': 'Start',
    'trainee.planned_end': 'Planned end',
    'trainee.projected_end': 'Projected end',
    'trainee.fte': 'Employment',
    'trainee.status': 'Status',
    'trainee.regulation': 'Regulation',
    'trainee.email': 'E-mail',
    'trainee.timeline': 'Timeline',
    'trainee.timeline.label': 'Timeline of {name} from {from} to {to}',
    'trainee.timeline.rotations': 'Rotations',
    'trainee.timeline.leaves': 'Leaves',
    'trainee.timeline.today': 'Today',
    'trainee.timeline.end': 'Projected end',
    'trainee.timeline.needs': 'Open needs',
    'trainee.bookings': 'Rotations',
    'trainee.no_bookings': 'No rotations booked.',
    'trainee.open_needs': 'Rotation needs not yet booked',
    'trainee.no_open_needs': 'Every rotation need is booked.',
    'trainee.need.specialty': 'Specialty',
    'trainee.need.weeks': 'Weeks',
    'trainee.need.patterns': 'Patterns',
    'trainee.need.preferred': 'Preferred start',
    'trainee.need.find': 'Find a place',
    'trainee.leaves': 'Leaves',
    'trainee.no_leaves': 'No leave recorded.',
    'trainee.leave.kind': 'Kind',
    'trainee.leave.from': 'From',
    'trainee.leave.to': 'To (inclusive)',

    'units.title': 'Units',
    'units.lead': 'Clinics, primary care centres, private clinics and training nodes that take trainees.',
    'units.q': 'Search units',
    'units.name': 'Name',
    'units.specialty': 'Specialty',
    'units.provider': 'Provider',
    'units.area': 'Area',
    'units.kind': 'Kind',
    'units.count': '{n} units',
    'units.count_1': '1 unit',

    'unit.hsa_id': 'HSA-id',
    'unit.site': 'Site',
    'unit.takes_trainees': 'Takes trainees',
    'unit.max_away': 'At most away at once',
    'unit.goals': 'Goals a rotation can cover',
    'unit.capacity': 'Capacity',
    'unit.capacity.lead': 'Seats per period and the patterns allowed. Periods must not overlap.',
    'unit.capacity.from': 'From week',
    'unit.capacity.to': 'To week (inclusive)',
    'unit.capacity.seats': 'Seats',
    'unit.capacity.patterns': 'Patterns',
    'unit.capacity.note': 'Note',
    'unit.capacity.actions': 'Actions',
    'unit.capacity.add': 'Add period',
    'unit.capacity.none': 'No capacity recorded.',
    'unit.capacity.saved': 'The period was saved.',
    'unit.capacity.deleted': 'The period was deleted.',
    'unit.capacity.patterns.legend': 'Allowed patterns',
    'unit.capacity.show_past': 'Show past periods',
    'unit.requests': 'Incoming requests',
    'unit.no_requests': 'No requests waiting for an answer.',
    'unit.booked': 'Booked trainees week by week',
    'unit.booked.none': 'No confirmed bookings in this period.',
    'unit.booked.occupancy': 'Taken / seats',
    'unit.booked.window': 'Weeks {from} – {to}',

    'bookings.title': 'Bookings',
    'bookings.lead': 'Requests to answer, confirmed rotations and cancellations across the region.',
    'bookings.tabs': 'Booking lists',
    'bookings.tab.requested': 'Requests',
    'bookings.tab.confirmed': 'Confirmed',
    'bookings.tab.cancelled': 'Cancellations',
    'bookings.unit': 'Unit',
    'bookings.unit.any': 'All units',
    'bookings.specialty': 'Specialty',
    'bookings.trainee': 'Trainee',
    'bookings.period': 'Period',
    'bookings.pattern': 'Pattern',
    'bookings.weeks': 'Weeks',
    'bookings.status': 'Status',
    'bookings.created': 'Created',
    'bookings.updated': 'Changed',
    'bookings.reason': 'Reason',
    'bookings.actions': 'Actions',
    'bookings.short_notice': 'Short notice',
    'bookings.short_notice.title': 'Less than 3 months between request and start',
    'bookings.accept': 'Accept',
    'bookings.decline': 'Decline',
    'bookings.cancel': 'Cancel…',
    'bookings.cancel.reason': 'Reason for cancelling',
    'bookings.cancel.confirm': 'Confirm cancellation',
    'bookings.accepted': 'The booking of {name} at {unit} is confirmed.',
    'bookings.declined': 'The request from {name} was declined.',
    'bookings.cancelled': 'The booking of {name} at {unit} is cancelled. The seat is free again.',
    'bookings.none.requested': 'No requests are waiting for an answer.',
    'bookings.none.confirmed': 'No confirmed booking matches the filters.',
    'bookings.none.cancelled': 'No cancellations.',
    'bookings.count': '{n} bookings',
    'bookings.count_1': '1 booking',
  },
};

export const LANGS = ['sv', 'en'];
const STORAGE_KEY = 'randa.lang';

function storedLang() {
  try {
    const l = window.localStorage.getItem(STORAGE_KEY);
    return LANGS.includes(l) ? l : 'sv';
  } catch {
    return 'sv';
  }
}

let current = storedLang();

// The language in use: "sv" or "en".
export function lang() {
  return current;
}

// Switches the language and remembers the choice in this browser.
export function setLang(l) {
  if (!LANGS.includes(l)) return;
  current = l;
  document.documentElement.lang = l;
  try {
    window.localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

// The text for key with {name} placeholders filled from vars.
export function t(key, vars) {
  const s = STRINGS[current][key] ?? STRINGS.sv[key] ?? key;
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

// The text for a count: key_1 when n is 1 and the language has it, else key.
export function tn(key, n) {
  if (n === 1 && has(`${key}_1`)) return t(`${key}_1`);
  return t(key, { n: fmtNumber(n) });
}

// Whether a text exists for key (for vocabularies the server may extend).
export function has(key) {
  return key in STRINGS[current];
}

// The label of a value of a closed vocabulary ("status", "confirmed"),
// or the value itself when the UI does not know it.
export function vocab(kind, value) {
  if (value == null || value === '') return t('common.none');
  const key = `${kind}.${value}`;
  return has(key) ? t(key) : String(value);
}

function locale() {
  return current === 'sv' ? 'sv-SE' : 'en-GB';
}

// A number as the language writes it: "1,5" in Swedish, "1.5" in English.
export function fmtNumber(n) {
  if (n == null || Number.isNaN(n)) return t('common.none');
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(n);
}

// "2027-W10" as "v. 10 2027" (or "wk 10 2027").
export function fmtWeek(w) {
  const m = /^(\d{4})-W(\d{2})$/.exec(w || '');
  if (!m) return w || t('common.none');
  return t('week.format', { week: Number(m[2]), year: m[1] });
}

// "2027-W10" as "v. 10".
export function fmtWeekShort(w) {
  const m = /^(\d{4})-W(\d{2})$/.exec(w || '');
  if (!m) return w || t('common.none');
  return t('week.short', { week: Number(m[2]) });
}

// Dates are written the Swedish (ISO) way in both languages: 2027-03-08.
export function fmtDate(d) {
  if (!d) return t('common.none');
  return String(d).slice(0, 10);
}

// A timestamp "2026-11-23T10:04:00Z" as local "2026-11-23 11:04".
export function fmtDateTime(ts) {
  if (!ts) return t('common.none');
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return String(ts);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

// "12 veckor" / "1 vecka".
export function fmtWeeks(n) {
  return n === 1 ? t('common.week_1') : t('common.weeks_n', { n });
}

// A specialty's name in the language in use.
export function specialtyName(sp) {
  if (!sp) return t('common.none');
  if (current === 'en' && sp.name_en) return sp.name_en;
  return sp.name_sv || sp.name_en || sp.code || String(sp.id ?? '');
}

// Compares two texts the way the language sorts them (å, ä, ö last in Swedish).
export function compareText(a, b) {
  return String(a ?? '').localeCompare(String(b ?? ''), current);
}
