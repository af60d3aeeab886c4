drop table family
