import MeishiImaging
import Testing

@Suite struct HomographyTests {
  let square = [Point(x: 0, y: 0), Point(x: 100, y: 0), Point(x: 100, y: 60), Point(x: 0, y: 60)]
  let skewed = [
    Point(x: 231.4, y: 1051.8), Point(x: 2821.8, y: 459.9), Point(x: 3810.3, y: 1514.6),
    Point(x: 530.9, y: 2768.6),
  ]

  @Test func mapsTheFourCorners() throws {
    let h = try #require(Homography(mapping: square, to: skewed))
    for (s, d) in zip(square, skewed) {
      let p = h.apply(s)
      #expect(distance(p, d) < 1e-6)
    }
  }

  @Test func inverseRoundTrips() throws {
    let h = try #require(Homography(mapping: square, to: skewed))
    let inv = try #require(h.inverse)
    for p in [Point(x: 13, y: 7), Point(x: 50, y: 30), Point(x: 99, y: 1)] {
      #expect(distance(inv.apply(h.apply(p)), p) < 1e-6)
    }
  }

  @Test func degenerateCornersAreRejected() {
    let line = [Point(x: 0, y: 0), Point(x: 1, y: 1), Point(x: 2, y: 2), Point(x: 3, y: 3)]
    #expect(Homography(mapping: square, to: line) == nil)
  }
}
