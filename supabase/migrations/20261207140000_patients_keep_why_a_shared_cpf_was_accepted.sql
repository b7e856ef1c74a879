-- A second chart with a CPF another chart already holds is saved only when a person says why
-- (twins registered by a parent's CPF, a chart kept apart on purpose). The reason is part of the
-- chart, so every device and the duplicates screen read it. Null: no other chart held the CPF.
-- Access is the patients' own.

alter table public.patients add column duplicate_reason text;
