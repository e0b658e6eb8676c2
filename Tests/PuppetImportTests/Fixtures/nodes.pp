$region = 'RegionTwo'

node 'ctl01', 'ctl02' {
  $workers = 4
  class { 'glance::api':
    workers   => $workers,
    bind_host => "${facts['networking']['ip']}",
  }
  class { 'glance::api::authtoken': password => 'p1', region_name => $region }
  glance::backend::multistore::rbd { ['ceph1', 'ceph2']:
    rbd_store_pool => 'images',
  }
}

node /^ctl\d+$/ {
  include glance::client
}

node ctl03.example.com {
  class { 'glance::api::authtoken': password => 'p2' }
}

node 'db01' {
  class { 'mysql::server': }
}

node default {
  include ::glance
  include glance::api, 'glance::cache::cleaner'
}
