-- A note documents an appointment of the same client (migration 0070 left appointment_id without a
-- foreign key because appointments arrived in 0061 on a parallel branch).
alter table appointments add constraint appointments_client_id_key unique (practice_id, client_id, id);
alter table progress_notes add constraint progress_notes_appointment_fkey
  foreign key (practice_id, client_id, appointment_id) references appointments (practice_id, client_id, id);
alter table psychotherapy_notes add constraint psychotherapy_notes_appointment_fkey
  foreign key (practice_id, client_id, appointment_id) references appointments (practice_id, client_id, id);
