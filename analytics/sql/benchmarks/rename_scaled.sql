alter table family_scaled rename to family
