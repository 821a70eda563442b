// Whether the logged-in user may do an action on one record: the session's
// roles held against the server's policy table (GET /policy), the same way
// the server decides it (src/domain/policy.c). The server still judges
// every request; this only decides which buttons and forms a page offers.
//
//   const may = await access();
//   may('plan.write', traineeSubject(tr))              // any of the user's roles
//   may('plan.approve', traineeSubject(tr), 'director') // only that role
//
// A subject names what the record belongs to: { trainee_id, home_unit_id,
// home_region_id } for a trainee's records, { unit_id, unit_region_id }
// for a unit's; a booking's (bookingSubject) has both, the trainee's and
// the receiving unit's.

import * as api from './api.js';
import { roles } from './session.js';

// The subject of a trainee's records (GET /trainees/{id}).
export function traineeSubject(tr) {
  return {
    trainee_id: tr.id,
    home_unit_id: tr.home_unit ? tr.home_unit.id : null,
    home_region_id: tr.home_unit ? tr.home_unit.region_id : null,
  };
}

// The subject of a unit (GET /units/{id}).
export function unitSubject(u) {
  return { unit_id: u.id, unit_region_id: u.region_id ?? null };
}

// The subject of a booking and its documentation: the trainee's records
// and the receiving unit's. trainee (GET /trainees/{id}) gives the home
// unit, or is null when the user may not read the trainee (then no home
// reach of theirs holds); unit (GET /units, with region_id) the unit's
// region.
export function bookingSubject(b, trainee, unit) {
  return {
    ...(trainee ? traineeSubject(trainee) : { trainee_id: b.trainee ? b.trainee.id : null, home_unit_id: null, home_region_id: null }),
    unit_id: b.unit ? b.unit.id : null,
    unit_region_id: unit ? unit.region_id ?? null : null,
  };
}

// Whether one reach of a role with scope id reaches the subject.
function reaches(reach, id, su) {
  switch (reach) {
    case 'any':
    case 'all':
      return true;
    case 'own':
      return id != null && id === su.trainee_id;
    case 'home':
      return id != null && id === su.home_unit_id;
    case 'unit':
      return id != null && id === su.unit_id;
    case 'region':
      return id != null && (id === su.home_region_id || id === su.unit_region_id);
    default:
      return false;
  }
}

// Resolves to may(action, subject, role?): whether one of the user's roles
// (or only their roles of that name) allows action on subject. Without the
// policy table (it could not be read) nothing is offered.
export async function access() {
  let rules = [];
  try {
    rules = (await api.policy()).rules || [];
  } catch {
    rules = [];
  }
  const mine = roles();
  return (action, subject, role) => mine.some((r) => (!role || r.role === role) && rules.some((rule) =>
    rule.action === action && rule.role === r.role
    && (rule.reach || []).some((reach) => reaches(reach, r.scope_id ?? null, subject))));
}
