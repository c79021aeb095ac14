using Tandem.Resources.Agents.MySql;

namespace Tandem.Tests.Unit.MySql;

public class MySqlAgentOptionsTests
{
    [Fact]
    public void The_contract_form_takes_the_defaults()
    {
        var o = MySqlAgentOptions.Parse("mysql::/etc/mysql/my.cnf");
        Assert.Equal("/etc/mysql/my.cnf", o.CnfPath);
        Assert.Equal("root", o.User);
        Assert.False(o.Heartbeat);
        Assert.Equal("tandem", o.HeartbeatDatabase);
        Assert.Equal(MySqlAgentOptions.DefaultMonitorTimeout, o.MonitorTimeout);
        Assert.Null(o.Binary);
    }

    [Fact]
    public void Every_key()
    {
        var o = MySqlAgentOptions.Parse("mysql::/etc/my.cnf::user=monitor::password_file=/etc/tandem/mysql-pw::heartbeat=on"
            + "::heartbeat_db=ha_check::start_timeout=5m::stop_timeout=30s::monitor_timeout=1500ms::binary=/opt/mysql/bin/mysqld::host=127.0.0.1::password=x");
        Assert.Equal("monitor", o.User);
        Assert.Equal("/etc/tandem/mysql-pw", o.PasswordFile);
        Assert.Equal("x", o.Password);
        Assert.True(o.Heartbeat);
        Assert.Equal("ha_check", o.HeartbeatDatabase);
        Assert.Equal(TimeSpan.FromMinutes(5), o.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), o.StopTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), o.MonitorTimeout);
        Assert.Equal("/opt/mysql/bin/mysqld", o.Binary);
        Assert.Equal("127.0.0.1", o.Host);
    }

    [Theory]
    [InlineData("mysql::", "absolute path")]
    [InlineData("mysql::my.cnf", "absolute path")]
    [InlineData("mysql::/etc/my.cnf::verbose", "write key=value")]
    [InlineData("mysql::/etc/my.cnf::colour=red", "known keys are user")]
    [InlineData("mysql::/etc/my.cnf::heartbeat=maybe", "write on or off")]
    [InlineData("mysql::/etc/my.cnf::heartbeat_db=a;drop", "letters, digits")]
    [InlineData("mysql::/etc/my.cnf::monitor_timeout=10", "has no unit")]
    [InlineData("mysql::/etc/my.cnf::monitor_timeout=0s", "longer than 0")]
    [InlineData("mysql::/etc/my.cnf::binary=mysqld", "absolute path")]
    [InlineData("mysql::/etc/my.cnf::user=", "give it a value")]
    public void Mistakes_say_what_to_write(string resource, string hint)
    {
        var e = Assert.Throws<ArgumentException>(() => MySqlAgentOptions.Parse(resource));
        Assert.Contains(hint, e.Message);
        Assert.StartsWith($"mysql resource \"{resource}\"", e.Message);
    }
}
