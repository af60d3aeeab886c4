-- Record versions already sent through a channel.
select record_id, version
from verval_export
where channel = :channel
