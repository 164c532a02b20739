-- The dashboard's key figures for a scope, in a period and the same period a year earlier:
-- one row per period ('current', 'previous').
-- params: $communes varchar[] (empty = all), $unit_set '2024' | '2025',
--         $date_from, $date_to, $prev_from, $prev_to date, $model_type varchar ('' = all)
with periods as (
    select 'current' as period, 1 as ord, $date_from::date as d0, $date_to::date as d1
    union all
    select 'previous', 2, $prev_from::date, $prev_to::date
),

acts as (
    select p.period, a.*
    from periods as p
    join activities as a on a.on_date between p.d0 and p.d1
    where in_scope(a.commune_code, a.commune_code_2025, $communes::varchar[], $unit_set)
      and ($model_type = '' or a.model_type = $model_type)
),

act_totals as (
    select
        period,
        sum(outreach_sessions) as outreach_sessions,
        sum(outreach_attendees) as outreach_attendees,
        sum(patrols) as patrols,
        sum(patrol_participants) as patrol_participants,
        sum(commitments) as commitments,
        sum(commitment_households) as commitment_households,
        sum(mediations) as mediations,
        sum(mediations_successful) as mediations_successful
    from acts
    group by period
),

incident_totals as (
    select p.period, count(*) as incidents
    from periods as p
    join incident_rows as i on i.occurred_on between p.d0 and p.d1
    where in_scope(i.commune_code, i.commune_code_2025, $communes::varchar[], $unit_set)
      and covers_type(i.model_types, $model_type)
    group by p.period
),

model_totals as (
    select p.period, count(*) as active_models
    from periods as p
    join models as m
        on m.established_on <= p.d1 and (m.ended_on is null or m.ended_on >= p.d1)
    where m.village_code in (
        select village_code
        from village_units
        where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
    )
      and ($model_type = '' or m.model_type = $model_type)
    group by p.period
),

final as (
    select
        p.period,
        p.d0 as date_from,
        p.d1 as date_to,
        coalesce(m.active_models, 0)::bigint as active_models,
        coalesce(a.outreach_sessions, 0)::bigint as outreach_sessions,
        coalesce(a.outreach_attendees, 0)::bigint as outreach_attendees,
        coalesce(a.patrols, 0)::bigint as patrols,
        coalesce(a.patrol_participants, 0)::bigint as patrol_participants,
        coalesce(a.commitments, 0)::bigint as commitments,
        coalesce(a.commitment_households, 0)::bigint as commitment_households,
        coalesce(a.mediations, 0)::bigint as mediations,
        coalesce(a.mediations_successful, 0)::bigint as mediations_successful,
        coalesce(i.incidents, 0)::bigint as incidents,
        p.ord
    from periods as p
    left join act_totals as a using (period)
    left join incident_totals as i using (period)
    left join model_totals as m using (period)
)

select * exclude (ord) from final order by ord
