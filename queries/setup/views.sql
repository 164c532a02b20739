-- Shared views and macros, created after every load (see antt/store.py).
-- Views are plain (not TEMP) so every cursor sees them.

-- Every village with its 2024 commune and its 2025 commune (never joined on code alone:
-- the 2025 code comes from communes.commune_code_2025, or from the village itself when its old
-- commune was split between two new ones).
create or replace view village_units as
select
    v.village_code,
    v.village_name,
    v.kind as village_kind,
    v.lat,
    v.lon,
    v.households,
    v.population,
    c.commune_code,
    c.commune_name,
    c.kind as commune_kind,
    c.district_code,
    c.district_name,
    c.province_code,
    c.province_name,
    n.commune_code_2025,
    n.commune_name_2025
from villages as v
join communes as c using (commune_code)
left join communes_2025 as n
    on n.commune_code_2025 = coalesce(v.commune_code_2025, c.commune_code_2025);

-- The unit a village counts under in the chosen unit set ('2024' or '2025').
create or replace macro unit_code(c24, c25, unit_set) as
    case when unit_set = '2025' then c25 else c24 end;

-- Is a village's unit among the chosen ones? An empty list means all.
create or replace macro in_scope(c24, c25, communes, unit_set) as
    len(communes) = 0 or list_contains(communes, unit_code(c24, c25, unit_set));

-- Does an incident count for the chosen model type? Its row lists the types of the models
-- active in its village that day (incidents view below); '' = every incident counts.
create or replace macro covers_type(model_types, mtype) as
    mtype = '' or list_contains(model_types, mtype);

-- Every incident with its village's units and the types of the models active in that village
-- on the day (empty list: none). Stored and date-sorted like `activities` (materialize.sql),
-- so a dashboard query needs neither a join to the villages nor a lookup in the models.
create or replace view incident_rows as
select
    i.*,
    v.commune_code,
    v.commune_code_2025,
    coalesce((
        select list(distinct m.model_type order by m.model_type)
        from models as m
        where m.village_code = i.village_code
          and m.established_on <= i.occurred_on
          and (m.ended_on is null or m.ended_on >= i.occurred_on)
    ), []::varchar[]) as model_types
from incidents as i
left join village_units as v on v.village_code = i.village_code;

-- All activity rows in one shape, with the type of the model they carry (null when none) and
-- the village's units in both unit sets (a scope filter then needs no join). `kind` is the
-- row's category (outreach topic, patrol occasion, commitment type, dispute type) and `detail`
-- its second one (outreach format, mediation outcome; else null). Stored, date-sorted, by
-- materialize.sql.
create or replace view activity_source as
with rows as (
    select 'outreach' as activity, record_id, held_on as on_date, village_code, model_id,
           topic as kind, format as detail, attendees as people, 0 as households,
           0 as successes
    from outreach
    union all
    select 'patrols', record_id, held_on, village_code, model_id, occasion, null,
           participants, 0, 0
    from patrols
    union all
    select 'commitments', record_id, signed_on, village_code, model_id, commitment_type, null,
           0, households, 0
    from commitments
    union all
    select 'mediations', record_id, held_on, village_code, model_id, dispute_type, outcome,
           0, 0, case when outcome = 'thành' then 1 else 0 end
    from mediations
)
select r.*, m.model_type, v.commune_code, v.commune_code_2025
from rows as r
left join models as m using (model_id)
left join village_units as v on v.village_code = r.village_code;

-- Every activity row with its part of each dashboard figure, defined here once: a query sums
-- these columns (households and successes are 0 outside commitments and mediations).
create or replace view activities as
select
    *,
    (activity = 'outreach')::integer as outreach_sessions,
    case when activity = 'outreach' then people else 0 end as outreach_attendees,
    (activity = 'patrols')::integer as patrols,
    case when activity = 'patrols' then people else 0 end as patrol_participants,
    (activity = 'commitments')::integer as commitments,
    households as commitment_households,
    (activity = 'mediations')::integer as mediations,
    successes as mediations_successful
from activity_source;

-- The NĐ 09/2019 reporting month a day counts in (antt.data.report_rules.period_of), as a
-- number (year * 12 + month: 15/09–14/10 -> October's), and that number as 'YYYY-MM'; for the
-- data-quality checks (queries/quality_*.sql): integers, not text, for a million rows.
create or replace macro report_month_no(d) as
    year(d) * 12 + month(d) + (day(d) >= 15)::integer;

create or replace macro report_month_text(n) as
    printf('%04d-%02d', (n - 1) // 12, (n - 1) % 12 + 1);
