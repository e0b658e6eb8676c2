# Written for glance-push's import tests after the only example of openstack/puppet-glance today,
# examples/glance.pp (branch master at 5335105, the same blob eba1c3d on stable/2025.1 at e68527d,
# last changed in 582c375 "Use multistore modules in the example manifest"): the same classes,
# defines and parameters, with values of our own. The upstream file itself is not copied here.

glance::backend::multistore::file { 'local': }

glance::backend::multistore::swift { 'objects':
  swift_store_user => 'services:glance',
  swift_store_key  => 'swift-pass',
}

class { 'glance::api':
  keystone_password => 'keystone-pass',
  enabled_backends  => ['objects:swift', 'local:file'],
  default_backend   => 'objects',
}
