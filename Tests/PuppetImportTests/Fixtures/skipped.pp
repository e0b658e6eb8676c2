package { 'glance-api': ensure => latest }
service { 'glance-api': ensure => running, enable => true }
file { '/etc/glance': ensure => directory, mode => '0750' }
exec { 'sync': command => '/bin/true' }
keystone_user { 'glance': ensure => present }
mysql::db { 'glance': user => 'glance', password => 'x' }
Class['glance::api'] -> Service['glance-api']
Package <| tag == 'glance-package' |> ~> Service['glance-api']
Glance_api_config { require => Package['glance-api'] }
if $::osfamily == 'Debian' { include glance::api } elsif $x { include glance } else { include glance }
notice("hello")
hiera_include('classes')
class profile::glance($x = 1) { include glance }
define mystore($pool) { }
@package { 'virtual': }
$extra.each |$k, $v| { notice($k) }
include rabbitmq
glance_api_config {
  'DEFAULT/debug':       value => true;
  'database/connection': value => 'mysql+pymysql://glance:pw@db/glance', secret => true;
}
glance_cache_config { 'DEFAULT/image_cache_max_size': value => 1024, require => Package['glance-api'] }
glance_registry_config { 'DEFAULT/debug': value => true }
class { 'glance::api': require => Class['keystone'], * => $defaults, enabled => true }
class { 'glance::apii': }
class { 'glance::notify': }
include glance::api
