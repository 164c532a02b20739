-- Per model of the chosen type in the scope that was active at some time in the period: its
-- village and commune, and what it did in the period (activities carrying its model_id;
-- incidents in its village while it was active): one row per model, by establishment.
-- params: $communes varchar[], $unit_set varchar, $date_from date, $date_to date,
--         $model_type varchar ('' = all types)
with picked_models as (
    select
        m.model_id,
        m.model_name,
        m.village_code,
        m.established_on,
        m.ended_on,
        v.village_name,
        v.village_kind,
        case when $unit_set = '2025' then v.commune_name_2025 else v.commune_name end
            as unit_name
    from models as m
    join village_units as v using (village_code)
    where in_scope(v.commune_code, v.commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or m.model_type = $model_type)
      and m.established_on <= $date_to::date
      and (m.ended_on is null or m.ended_on >= $date_from::date)
),

acts as (
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
    where model_id in (select model_id from picked_models)
      and on_date between $date_from::date and $date_to::date
    group by model_id
),

model_incidents as (
    select p.model_id, count(i.record_id) as incidents
    from picked_models as p
    join incidents as i
        on i.village_code = p.village_code
        and i.occurred_on between greatest(p.established_on, $date_from::date)
            and least(coalesce(p.ended_on, $date_to::date), $date_to::date)
    group by p.model_id
),

final as (
    select
        p.model_id,
        p.model_name,
        p.village_code,
        p.village_kind,
        p.village_name,
        p.unit_name,
        p.established_on,
        p.ended_on,
        coalesce(a.outreach_sessions, 0)::bigint as outreach_sessions,
        coalesce(a.outreach_attendees, 0)::bigint as outreach_attendees,
        coalesce(a.patrols, 0)::bigint as patrols,
        coalesce(a.patrol_participants, 0)::bigint as patrol_participants,
        coalesce(a.commitment_households, 0)::bigint as commitment_households,
        coalesce(a.mediations, 0)::bigint as mediations,
        coalesce(a.mediations_successful, 0)::bigint as mediations_successful,
        coalesce(n.incidents, 0)::bigint as incidents
    from picked_models as p
    left join acts as a using (model_id)
    left join model_incidents as n using (model_id)
)

select * from final order by established_on, model_id
