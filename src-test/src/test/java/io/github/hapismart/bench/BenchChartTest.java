package io.github.hapismart.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class BenchChartTest {

    private static final List<BenchChart.Bar> BARS = List.of(
            new BenchChart.Bar("GET Patient/{id}, patient/*.rs", 481, 456),
            new BenchChart.Bar("GET Observation?patient={id}&category=a|b <granular> \"quoted\"", 1165, 1104),
            new BenchChart.Bar("GET Observation?patient={id}&_count=50 (10,000 Observations)", 2484, 2334));
    private static final List<BenchChart.Line> LINES = List.of(
            new BenchChart.Line("client_credentials, H2", List.of(new BenchChart.Point(0, 820),
                    new BenchChart.Point(100_000, 830), new BenchChart.Point(1_000_000, 845))),
            new BenchChart.Line("authorization_code exchange, PostgreSQL", List.of(new BenchChart.Point(0, 1900),
                    new BenchChart.Point(1_000_000, 2100))));

    @Test
    void chartIsWellFormedXmlWithAnEscapedLabel() throws Exception {
        Document svg = parse(BenchChart.svg("bench & chart", BARS, LINES, "server CPU per request (µs)"));

        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertTrue(svg.getDocumentElement().getTextContent().contains("<granular> \"quoted\""));
    }

    @Test
    void chartHasOneBarGroupPerScenarioWithASmartAndABaselineBar() throws Exception {
        Document svg = parse(BenchChart.svg("t", BARS, LINES, "µs"));

        NodeList groups = nodes(svg, "//*[local-name()='g'][@class='scenario']");
        assertEquals(3, groups.getLength());
        for (int i = 0; i < groups.getLength(); i++) {
            assertEquals(2, nodes(groups.item(i), "*[local-name()='rect']").getLength());
        }
    }

    @Test
    void chartHasOneLinePerTokenSeriesThroughEachOfItsPoints() throws Exception {
        Document svg = parse(BenchChart.svg("t", BARS, LINES, "µs"));

        NodeList lines = nodes(svg, "//*[local-name()='polyline'][@class='series']");
        assertEquals(2, lines.getLength());
        assertEquals(3, lines.item(0).getAttributes().getNamedItem("points").getNodeValue().split(" ").length);
        assertEquals(2, lines.item(1).getAttributes().getNamedItem("points").getNodeValue().split(" ").length);
    }

    @Test
    void chartWithoutTokenSeriesHasNoLinePanel() throws Exception {
        Document svg = parse(BenchChart.svg("t", BARS, List.of(), "µs"));

        assertEquals(0, nodes(svg, "//*[local-name()='polyline']").getLength());
        assertEquals(3, nodes(svg, "//*[local-name()='g'][@class='scenario']").getLength());
    }

    @Test
    void axisCeilingIsOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(List.of(1.0, 2000.0, 5000.0, 10_000.0),
                List.of(BenchChart.niceCeiling(0), BenchChart.niceCeiling(1_300), BenchChart.niceCeiling(4_999),
                        BenchChart.niceCeiling(10_000)));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static NodeList nodes(Object context, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, context, XPathConstants.NODESET);
    }
}
