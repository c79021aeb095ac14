using Tandem.Resources.Agents.MySql;

namespace Tandem.Tests.Unit.MySql;

public class MySqlServerSettingsTests
{
    static MySqlServerSettings From(string text) =>
        MySqlServerSettings.From(MySqlCnf.Parse(text, "/etc/mysql/my.cnf"), "db-server-01.example.com");

    [Fact]
    public void Empty_config_gets_the_server_defaults()
    {
        var s = From("[mysqld]\n");
        Assert.Equal("/var/lib/mysql", s.DataDir);
        Assert.Equal("/var/lib/mysql/db-server-01.pid", s.PidFile);
        Assert.Equal("/run/mysqld/mysqld.sock", s.Socket);
        Assert.Equal(3306, s.Port);
        Assert.Null(s.LogError);
        Assert.Equal("127.0.0.1", s.TcpHost);
        Assert.False(s.SkipNetworking);
        Assert.Null(s.User);
    }

    [Fact]
    public void Relative_files_are_in_datadir()
    {
        var s = From("[mysqld]\ndatadir=/data/mysql\npid-file=db.pid\nlog-error\nuser=mysql\n");
        Assert.Equal("/data/mysql/db.pid", s.PidFile);
        Assert.Equal("/data/mysql/db-server-01.err", s.LogError);
        Assert.Equal("mysql", s.User);
        Assert.Equal("/data/mysql/errors.err", From("[mysqld]\ndatadir=/data/mysql\nlog-error=errors\n").LogError);
        Assert.Equal("/var/log/mysql/error.log", From("[mysqld]\nlog-error=/var/log/mysql/error.log\n").LogError);
    }

    [Theory]
    [InlineData("bind-address = 192.168.0.88", "192.168.0.88")]
    [InlineData("bind-address = 0.0.0.0", "127.0.0.1")]
    [InlineData("bind-address = ::", "127.0.0.1")]
    [InlineData("bind-address = 10.0.0.1,127.0.0.1", "10.0.0.1")]
    public void Tcp_host_follows_bind_address(string line, string host) =>
        Assert.Equal(host, From($"[mysqld]\n{line}\n").TcpHost);

    [Theory]
    [InlineData("port = 0")]
    [InlineData("port = 70000")]
    [InlineData("port = abc")]
    public void Bad_port_falls_back_to_the_default(string line) => Assert.Equal(3306, From($"[mysqld]\n{line}\n").Port);

    [Theory]
    [InlineData("skip-networking", true)]
    [InlineData("skip_networking = 1", true)]
    [InlineData("skip-networking = OFF", false)]
    [InlineData("", false)]
    public void Skip_networking(string line, bool skip) => Assert.Equal(skip, From($"[mysqld]\n{line}\n").SkipNetworking);
}
