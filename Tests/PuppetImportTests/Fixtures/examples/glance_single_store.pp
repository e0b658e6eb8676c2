# Written for glance-push's import tests after openstack/puppet-glance
# examples/glance_single_store.pp as of ed9298e (removed in 582c375, 2021, when the single-store
# backend classes were deprecated): the same classes and parameters, with values of our own.
# The upstream file itself is not copied here.
#
# One store: the backend class makes itself the default store, as multi_store is left false.

class { 'glance::backend::swift':
  swift_store_user => 'services:glance',
  swift_store_key  => 'swift-pass',
}

class { 'glance::api':
  keystone_password => 'keystone-pass',
  stores            => ['swift'],
}
