namespace Tandem.Tests.Unit.Import;

/// <summary>drbd.conf variants as found on real systems (DRBD 8.3 and 8.4 layouts).</summary>
public static class DrbdSamples
{
    /// <summary>/etc/drbd.conf as the DRBD 8.4 packages ship it.</summary>
    public const string MainConf = """
        # You can find an example in  /usr/share/doc/drbd.../drbd.conf.example

        include "drbd.d/global_common.conf";
        include "drbd.d/*.res";

        """;

    public const string GlobalCommon = """
        global {
        	usage-count yes;
        	# minor-count dialog-refresh disable-ip-verification
        }

        common {
        	handlers {
        		split-brain "/usr/lib/drbd/notify-split-brain.sh root";
        	}
        	startup {
        		wfc-timeout 15; degr-wfc-timeout 60;
        	}
        	options { }
        	disk {
        		on-io-error detach;
        		resync-rate 40M;
        	}
        	net {
        		protocol C;
        		cram-hmac-alg sha1;
        		shared-secret "common-secret-0123456789";
        		after-sb-0pri discard-zero-changes;
        		after-sb-1pri discard-secondary;
        		after-sb-2pri disconnect;
        	}
        }

        """;

    /// <summary>drbd.d/mysql.res: 8.4 with the resource-level device and meta-disk, ipv4 addresses.</summary>
    public const string MysqlRes = """
        resource mysql {
        	device    /dev/drbd1;
        	meta-disk internal;
        	on db1 {
        		disk      /dev/vg0/mysql;
        		address   ipv4 10.10.0.1:7789;
        	}
        	on db2 {
        		disk      /dev/vg0/mysql;
        		address   ipv4 10.10.0.2:7789;
        	}
        }

        """;

    /// <summary>drbd.d/www.res: 8.4 volume sections, its own protocol and rate, an external indexed meta-disk.</summary>
    public const string WwwRes = """
        resource www {
        	net { protocol A; }
        	disk { resync-rate 10M; size 2G; on-io-error pass_on; }
        	on db1 {
        		volume 0 {
        			device minor 2;
        			disk /dev/sdc1;
        			meta-disk /dev/sdd1[0];
        		}
        		address 10.10.0.1:7790;
        	}
        	on db2 {
        		volume 0 {
        			device minor 2;
        			disk /dev/sdc1;
        			meta-disk /dev/sdd1 [0];
        		}
        		address 10.10.0.2:7790;
        	}
        }

        """;

    /// <summary>A DRBD 8.3 drbd.conf in one file: syncer section, resource-level protocol, several resources.</summary>
    public const string Drbd83 = """
        global { usage-count no; }
        common {
          protocol C;
          syncer { rate 100M; al-extents 257; }
        }
        resource r0 {
          startup { become-primary-on alice; }
          disk { on-io-error detach; no-disk-flushes; }
          net {
            after-sb-0pri discard-younger-primary;
            after-sb-1pri consensus;
            after-sb-2pri violently-as0p;
            allow-two-primaries;
          }
          on alice {
            device /dev/drbd0;
            disk /dev/sda7;
            address 192.168.1.1:7788;
            meta-disk internal;
          }
          on bob {
            device /dev/drbd0;
            disk /dev/sda7;
            address 192.168.1.2:7788;
            meta-disk internal;
          }
        }
        resource r1 {
          protocol B;
          syncer { rate 33000; }
          on alice {
            device /dev/drbd1;
            disk /dev/sda8;
            address 192.168.1.1:7789;
            flexible-meta-disk /dev/sdb2;
          }
          on bob {
            device /dev/drbd1;
            disk /dev/sda8;
            address 192.168.1.2:7789;
            flexible-meta-disk /dev/sdb2;
          }
        }

        """;
}
