# A Zed-era controller manifest: openstacklib URL functions, multistore defines, lookups.
$db_host = '10.0.0.5'
$mq_hosts = ['10.0.0.11', '10.0.0.12']

node 'ctl01' {
  class { 'glance::api::db':
    database_connection => os_database_connection({
      'dialect'  => 'mysql+pymysql',
      'host'     => $db_host,
      'username' => 'glance',
      'password' => 'db-secret',
      'database' => 'glance',
      'charset'  => 'utf8',
    }),
  }
  class { 'glance::notify::rabbitmq':
    default_transport_url => os_transport_url({
      'transport' => 'rabbit',
      'hosts'     => $mq_hosts,
      'port'      => '5672',
      'username'  => 'glance',
      'password'  => 'mq-secret',
    }),
    notification_driver   => 'messagingv2',
  }
  class { 'glance::api::authtoken':
    password          => lookup('glance::keystone_password'),
    auth_url          => "http://${::fqdn}:5000",
    memcached_servers => lookup('memcached_servers', Array[String], 'first', []),
  }
  glance::backend::multistore::rbd { 'ceph':
    rbd_store_user => 'glance',
    rbd_store_pool => 'images',
  }
  class { 'glance::api':
    enabled_backends => ['ceph:rbd'],
    default_backend  => 'ceph',
    bind_host        => $facts['networking']['ip'],
    token_cache_time => 300,
  }
  glance_api_config { 'keystone_authtoken/memcache_secret_key': value => 'cache-secret' }
  Class['glance::api::db'] -> Class['glance::api']
}
