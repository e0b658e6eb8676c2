# Values of every kind the importer reads.
/* A block comment
   over two lines. */
$pw      = 'from-a-variable'
$mq_host = 'mq1.example.com'
$stores  = { 'fast' => { 'pool' => 'images-ssd' }, 'slow' => ['a', 'b'] }

class { '::glance::api':
  bind_host              => $::ipaddress,   # a fact
  bind_port              => 9292,
  workers                => 0x4,
  image_cache_max_size   => 10737418240,
  image_cache_stall_time => 0750,
  enabled_backends       => ['fast:rbd', 'slow:file',],
  default_backend        => fast,
  public_endpoint        => "http://${::fqdn}:9292/",
  node_staging_uri       => "file://$staging_dir/x",
  show_image_direct_url  => false,
  image_cache_dir        => undef,
  user_storage_quota     => 'yes',
  lock_path              => '0750',
  worker_self_reference_url => $stores['fast']['pool'],
  image_member_quota     => -1,
  paste_deploy_config_file => "tab\tquote\"dollar\$ \u{263A}",
}

class { 'glance::api::authtoken':
  password          => $pw,
  memcached_servers => ['127.0.0.1:11211', '127.0.0.2:11211'],
  www_authenticate_uri => "http://keystone:5000",
}

class { 'glance::notify::rabbitmq':
  default_transport_url => "rabbit://glance:${pw}@${mq_host}:5672,glance:other@mq2:5672/",
  rabbit_use_ssl        => true,
  kombu_ssl_keyfile     => '/etc/ssl/glance.key',
  kombu_reconnect_delay => 1.5,
}

class { 'glance::policy':
  policies => {
    'context_is_admin' => { 'key' => 'context_is_admin', 'value' => 'role:admin' },
    'nested'           => { 'list' => [1, 'two', [3, {}]], 'empty' => {}, 'none' => undef, },
  },
}

glance::backend::multistore::swift { 'swift':
  swift_store_key => 12345,
}
