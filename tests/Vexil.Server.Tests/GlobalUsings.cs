global using Microsoft.AspNetCore.Builder;
global using Xunit;
