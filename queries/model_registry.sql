-- The models in scope (established by $date_to) with type label, village, commune, status at
-- $date_to and their totals from establishment to $date_to: one row per model.
-- params: $communes varchar[], $unit_set varchar, $date_to date, $model_type varchar ('' = all)
with scoped_models as (
    select
        m.*,
        v.village_name,
        v.village_kind,
        unit_code(v.commune_code, v.commune_code_2025, $unit_set) as unit_code,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end
            as unit_name,
        v.commune_name,
        v.commune_name_2025
    from models as m
    join village_units as v using (village_code)
    where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or m.model_type = $model_type)
      and m.established_on <= $date_to::date
),

totals as (
    select
        model_id,
        sum(outreach_sessions) as outreach_sessions,
        sum(outreach_attendees) as outreach_attendees,
        sum(patrols) as patrols,
        sum(patrol_participants) as patrol_participants,
        sum(commitment_households) as commitment_households,
        sum(mediations) as mediations,
        sum(mediations_successful) as mediations_successful
    from activities
    where model_id is not null and on_date <= $date_to::date
    group by model_id
)

select
    s.model_id,
    s.model_name,
    s.model_type,
    coalesce(l.label, s.model_type) as model_type_label,
    s.village_code,
    s.village_name,
    s.village_kind,
    s.unit_code,
    s.unit_name,
    s.commune_name,
    s.commune_name_2025,
    s.established_on,
    s.ended_on,
    s.members,
    s.ended_on is null or s.ended_on >= $date_to::date as active,
    coalesce(t.outreach_sessions, 0)::bigint as outreach_sessions,
    coalesce(t.outreach_attendees, 0)::bigint as outreach_attendees,
    coalesce(t.patrols, 0)::bigint as patrols,
    coalesce(t.patrol_participants, 0)::bigint as patrol_participants,
    coalesce(t.commitment_households, 0)::bigint as commitment_households,
    coalesce(t.mediations, 0)::bigint as mediations,
    coalesce(t.mediations_successful, 0)::bigint as mediations_successful
from scoped_models as s
left join totals as t using (model_id)
left join vocab as l
    on l."table" = 'models' and l."column" = 'model_type' and l.value = s.model_type
order by s.established_on, s.model_id
