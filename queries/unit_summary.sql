-- Facts about the units in scope: how many xã / thị trấn, villages by kind, people, households,
-- natural area, and the district and province they belong to. One row.
-- params: $communes varchar[], $unit_set '2024' | '2025'
with v as (
    select *
    from village_units
    where in_scope(commune_code, commune_code_2025, $communes::varchar[], $unit_set)
),

units as (
    select distinct unit_code(commune_code, commune_code_2025, $unit_set) as unit_code
    from v
),

unit_facts as (
    select
        u.unit_code,
        case when $unit_set = '2025' then 'xã' else c.kind end as kind,
        case when $unit_set = '2025' then n.area_km2 else c.area_km2 end as area_km2
    from units as u
    left join communes as c on $unit_set <> '2025' and c.commune_code = u.unit_code
    left join communes_2025 as n on $unit_set = '2025' and n.commune_code_2025 = u.unit_code
),

unit_totals as (
    select
        count(*) filter (where kind = 'xã') as communes_xa,
        count(*) filter (where kind = 'thị trấn') as communes_thi_tran,
        count(*) filter (where kind = 'phường') as communes_phuong,
        count(*) as units,
        round(sum(area_km2), 2) as area_km2
    from unit_facts
),

village_totals as (
    select
        count(*) as villages,
        count(*) filter (where village_kind = 'thôn') as villages_thon,
        count(*) filter (where village_kind = 'khối phố') as villages_khoi_pho,
        coalesce(sum(population), 0) as population,
        coalesce(sum(households), 0) as households,
        string_agg(distinct district_name, ', ') as district_names,
        string_agg(distinct province_name, ', ') as province_names
    from v
)

-- one pass over each CTE instead of a scalar subquery per figure (planning 11 subqueries cost
-- ~30 ms whatever the data size)
select
    u.communes_xa::bigint as communes_xa,
    u.communes_thi_tran::bigint as communes_thi_tran,
    u.communes_phuong::bigint as communes_phuong,
    u.units::bigint as units,
    t.villages::bigint as villages,
    t.villages_thon::bigint as villages_thon,
    t.villages_khoi_pho::bigint as villages_khoi_pho,
    t.population::bigint as population,
    t.households::bigint as households,
    u.area_km2,
    t.district_names,
    t.province_names
from unit_totals as u
cross join village_totals as t
