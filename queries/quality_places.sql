-- Names of every village and its communes in both unit sets, for the data-quality list.
select village_code, village_name, commune_code, commune_name, commune_code_2025,
       commune_name_2025
from village_units;
