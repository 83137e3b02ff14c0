using McpDbEngineer.Answers;

namespace McpDbEngineer.Tests.Answers;

public sealed class UnitsTests
{
    [Theory]
    [InlineData(0, "0%")]
    [InlineData(0.0000005, "0.00005%")]
    [InlineData(0.00001, "0.001%")]
    [InlineData(0.00067, "0.067%")]
    [InlineData(0.0002, "0.02%")]
    [InlineData(0.05, "5%")]
    [InlineData(0.5, "50%")]
    public void Percent_NeverWritesAShareThatIsNotZeroAsZero(double fraction, string expected) =>
        Assert.Equal(expected, Units.Percent(fraction));
}
