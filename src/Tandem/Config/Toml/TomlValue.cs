namespace Tandem.Config.Toml;

/// <summary>A parsed TOML value that remembers where it starts in the file.</summary>
public abstract class TomlValue(TomlPosition position)
{
    public TomlPosition Position { get; internal set; } = position;

    /// <summary>The TOML type name as users read it in error messages ("a string", "an integer", ...).</summary>
    public abstract string Describe { get; }
}

public sealed class TomlString(string value, TomlPosition position) : TomlValue(position)
{
    public string Value { get; } = value;
    public override string Describe => "a string";
}

public sealed class TomlInteger(long value, TomlPosition position) : TomlValue(position)
{
    public long Value { get; } = value;
    public override string Describe => "an integer";
}

public sealed class TomlFloat(double value, TomlPosition position) : TomlValue(position)
{
    public double Value { get; } = value;
    public override string Describe => "a float";
}

public sealed class TomlBoolean(bool value, TomlPosition position) : TomlValue(position)
{
    public bool Value { get; } = value;
    public override string Describe => "a boolean";
}

/// <summary>An array: either a value (<c>a = [1, 2]</c>) or an array of tables built by <c>[[a]]</c> headers.</summary>
public sealed class TomlArray(TomlPosition position, bool isTableArray) : TomlValue(position)
{
    readonly List<TomlValue> items = [];

    public IReadOnlyList<TomlValue> Items => items;

    /// <summary>True when the array was created by <c>[[name]]</c> headers (only those may be appended to).</summary>
    public bool IsTableArray { get; } = isTableArray;

    public override string Describe => IsTableArray ? "an array of tables" : "an array";

    internal void Add(TomlValue value) => items.Add(value);
}
