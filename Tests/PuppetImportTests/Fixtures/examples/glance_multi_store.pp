# Written for glance-push's import tests after openstack/puppet-glance
# examples/glance_multi_store.pp as of ed9298e (removed in 582c375, 2021): the same classes and
# parameters, with values of our own (and the leading '::' the example had until ed9298e).
# The upstream file itself is not copied here.
#
# Two single-store backend classes: with multi_store neither claims default_store, and
# glance::api chooses it.

class { '::glance::backend::file':
  multi_store => true,
}

class { '::glance::backend::swift':
  swift_store_user => 'services:glance',
  swift_store_key  => 'swift-pass',
  multi_store      => true,
}

class { '::glance::api':
  keystone_password => 'keystone-pass',
  stores            => ['file', 'swift'],
  default_store     => 'swift',
  multi_store       => true,
}
