namespace Tandem.Tests.Unit.Import;

/// <summary>
/// The classic files of the reference walkthrough (reference/heartbeat-drbd-mysql-ha.zh.txt), as printed there,
/// comments included: DRBD 8.4 global_common.conf with resource r0, authkeys, the two nodes' ha.cf, haresources.
/// </summary>
public static class WalkthroughSamples
{
    public const string GlobalCommon = """
        global { 
        	usage-count no;  #是否给官方发送统计报告(影响性能),这个不用说,还是关了吧
        }
        #定义drbd节点的共同点属性
        common { syncer { rate 30M; } }       #设置主备节点同步时的网络速率最大值,单位是字节,视带宽而定 

        #定义一个资源
        resource r0 {                         #创建一个资源,名字叫"r0" 
                protocol C;                   #选择的是drbd的C 协议(数据同步协议,C为收到数据并写入后返回,确认成功) 
                startup {
                }
                disk {
                        on-io-error detach; # 配置I/O错误处理策略为分离 
                }
                net {
        			cram-hmac-alg "sha1"; #设置主备机之间通信使用的信息算法。通讯时使用sha1加密
        			shared-secret "abc"; #设置加密密钥,双方应相同
                }
        		#每个主机的说明以"on"开头,后面是主机名.在后面的{}中为这个主机的配置.
                on db-server-01 {            #设定一个节点,分别以各自的主机名命名 
                        device /dev/drbd0;   #逻辑设备名,在/dev/下。设定资源设备/dev/drbd0 指向实际的物理分区 /dev/sda5
                        disk /dev/sda5; #真实设备名,节点间共享的磁盘或分区
                        address 192.168.0.10:7888;  #设定监听地址以及端口 
                        meta-disk internal;
                }
                on db-server-02 {
                        device /dev/drbd0;
                        disk /dev/sda5;
                        address 192.168.0.20:7888;
                        meta-disk internal;     #internal表示将drbd自己的源数据放在drbd资源磁盘空间中
                }
        }

        """;

    public const string AuthKeys = """
        auth 1                    # 采用何种加密方式   
        1 crc                       # 无加密   
        #2 sha1 HI!            # 启用sha1的加密方式   
        #3 md5 Hello!       # 采用md5的加密方式   

        """;

    /// <summary>ha.cf of db-server-01 (192.168.0.10): ucast names the peer's address.</summary>
    public const string HaCfPrimary = """
        debugfile /var/log/ha-debug #调试日志文件
        logfile /var/log/ha-log #系统运行日志文件
        logfacility local0 #日志记录等级
        keepalive 2 
        #心跳频率,2表示2秒;200ms则表示200毫秒
        deadtime 15 
         #节点死亡时间,就是过了15秒后还没有收到心跳就认为主节点死亡
        #bcast eth1 #采用udp广播播来通知心跳,建议在备用节点不只一台时使用

        #mcast eth1 225.0.0.1 694 1 0 #采用udp多播来通知心跳,建议在备用节点不只一台时使用

        #ucast eth1 10.0.0.64 #采用udp单播来通知心跳,注意:这一项在2个节点IP
        ucast eth1 192.168.0.20
        #采用单播的方式,IP地址指定为对方IP 
        auto_failback off 
        #当Primary机器发生故障切换到Secondary机器后Primary恢复后是否进行切回操作 (最好是我们根据需求手动进行切换)
        node db-server-01  #主节点名称,与uname -n显示必须一致,不是域名
        node db-server-02 #备用节点名称

        """;

    /// <summary>ha.cf of db-server-02 (192.168.0.20).</summary>
    public const string HaCfSecondary = """
        logfile /var/log/ha-log 
        #定义Heartbeat的日志名字及位置 
        logfacility local0 
        keepalive 2 
        #设定心跳(监测)时间为2秒 
        deadtime 15 
        #设定死亡时间为15秒 
        ucast eth1 192.168.0.10
        #采用单播的方式,IP地址指定为对方IP 
        auto_failback off
        #当Primary机器发生故障切换到Secondary机器后Primary恢复后是否进行切回操作(一般我们可以看需求,否则不用自动切换) 
        node db-server-01
        node db-server-02

        """;

    public const string HaResources = """
        db-server-01 IPaddr::192.168.0.88/24/eth1 drbddisk::r0 Filesystem::/dev/drbd0::/data::ext4  mysqld 

        """;

    /// <summary>The variant the walkthrough ended up with: a bare IP, preferred node db-server-02.</summary>
    public const string HaResourcesBareIp = """
        db-server-02 192.168.1.88 drbddisk::r0 Filesystem::/dev/drbd0::/data::ext4  mysqld

        """;

    public const string Hosts = """
        127.0.0.1   localhost localhost.localdomain
        192.168.0.10    db-server-01
        192.168.0.20    db-server-02

        """;
}
