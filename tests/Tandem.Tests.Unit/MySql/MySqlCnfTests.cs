using Tandem.Resources.Agents.MySql;

namespace Tandem.Tests.Unit.MySql;

public sealed class MySqlCnfTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("tandem-cnf-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Reads_the_server_groups_and_ignores_the_others()
    {
        var cnf = MySqlCnf.Parse("""
            # comment
            [client]
            socket = /wrong/client.sock
            port = 1

            [mysqld]
            socket = /run/db/mysqld.sock
            Port=3307
            pid_file = "/run/db/mysqld.pid"   # quoted
            log-error = /var/log/db.err # trailing comment
            skip-networking
            ; another comment

            [mysqldump]
            quick
            [mariadb]
            loose-datadir = '/srv/my # data'
            """, "/etc/mysql/my.cnf");
        Assert.Equal("/run/db/mysqld.sock", cnf.Get("socket"));
        Assert.Equal("3307", cnf.Get("port"));
        Assert.Equal("/run/db/mysqld.pid", cnf.Get("pid-file"));
        Assert.Equal("/var/log/db.err", cnf.Get("log_error"));
        Assert.Equal("/srv/my # data", cnf.Get("datadir"));
        Assert.True(cnf.Has("skip_networking"));
        Assert.Null(cnf.Get("skip-networking"));
        Assert.False(cnf.Has("quick"));
        Assert.Empty(cnf.Warnings);
    }

    [Fact]
    public void Later_settings_win_and_includes_are_followed_in_order()
    {
        Write("conf.d/20-b.cnf", "[mysqld]\nport = 3320\n");
        Write("conf.d/10-a.cnf", "[mysqld]\nport = 3310\nsocket = /a.sock\n");
        Write("conf.d/ignored.txt", "[mysqld]\nport = 9\n");
        Write("extra.cnf", "[server]\ndatadir = /srv/extra\n");
        var top = Write("my.cnf", "[mysqld]\nport = 1\ndatadir = /srv/top\n!include extra.cnf\n!includedir " + Path.Combine(dir, "conf.d") + "\n");
        var cnf = MySqlCnf.Load(top);
        Assert.Equal("3320", cnf.Get("port"));
        Assert.Equal("/a.sock", cnf.Get("socket"));
        Assert.Equal("/srv/extra", cnf.Get("datadir"));
        Assert.Empty(cnf.Warnings);
    }

    [Fact]
    public void Missing_includes_cycles_and_junk_are_warnings_not_crashes()
    {
        Write("loop.cnf", "!include " + Path.Combine(dir, "loop.cnf") + "\n[mysqld]\nport = 3400\n");
        var top = Write("my.cnf", $"""
            !include {dir}/absent.cnf
            !includedir {dir}/absent.d
            !include {dir}/loop.cnf
            !frobnicate
            [mysqld
            [mysqld]
            this is not an option
            = value
            port = 3306
            """);
        var cnf = MySqlCnf.Load(top);
        Assert.Equal("3306", cnf.Get("port"));
        Assert.Equal(7, cnf.Warnings.Count);
        Assert.Contains(cnf.Warnings, w => w.Contains("absent.cnf", StringComparison.Ordinal));
        Assert.Contains(cnf.Warnings, w => w.Contains("included from itself", StringComparison.Ordinal));
        Assert.Contains(cnf.Warnings, w => w.StartsWith($"{top}:4: unknown directive", StringComparison.Ordinal));
    }

    [Fact]
    public void Deep_include_chains_stop_at_the_limit()
    {
        for (var i = 0; i < 15; i++)
            Write($"c{i}.cnf", $"[mysqld]\nport = {3000 + i}\n!include c{i + 1}.cnf\n");
        var cnf = MySqlCnf.Load(Path.Combine(dir, "c0.cnf"));
        Assert.Equal($"{3000 + MySqlCnf.MaxIncludeDepth}", cnf.Get("port"));
        Assert.Contains(cnf.Warnings, w => w.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreadable_file_says_which_and_what_to_do()
    {
        var e = Assert.Throws<MySqlCnfException>(() => MySqlCnf.Load(Path.Combine(dir, "nope.cnf")));
        Assert.Contains("nope.cnf", e.Message);
        Assert.Contains("mysql:: resource", e.Message);
    }

    [Fact]
    public void Oversized_file_is_refused()
    {
        var path = Write("huge.cnf", "[mysqld]\n" + new string('#', MySqlCnf.MaxFileBytes + 1));
        Assert.Throws<MySqlCnfException>(() => MySqlCnf.Load(path));
    }

    [Fact]
    public void Escapes_in_values()
    {
        var cnf = MySqlCnf.Parse("[mysqld]\ninit-connect = a\\sb\\\\c\n", "/x.cnf");
        Assert.Equal("a b\\c", cnf.Get("init_connect"));
    }
}
