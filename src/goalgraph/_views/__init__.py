"""Views for HR and BI products over a scorecard: owner scorecards and the change between two scorecards."""
