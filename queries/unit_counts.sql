-- How many units the folder lists, with or without villages (a new area starts with none).
-- params: none
select
    (select count(*) from communes)::bigint as communes,
    (select count(distinct district_code) from communes)::bigint as districts,
    (select count(*) from communes_2025)::bigint as communes_2025,
    (select count(*) from villages)::bigint as villages
