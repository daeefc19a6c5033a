package evaluation_test

import (
	"errors"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"folkhalsa-events/evaluation"
	"folkhalsa-events/platform/datastore/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// Ten simultaneous submissions by one person store one answer; another person's goes in.
func TestOneAnswerPerPerson(t *testing.T) {
	db := storetest.DB(t)
	ctx := storetest.Ctx(t)
	s := evaluation.NewService(db, []byte("test-secret-test-secret-test-secret-0123"), nil)
	if err := s.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Submit(ctx, "ev1", "r1", map[string]string{"relevant": "5"}); !errors.Is(err, evaluation.ErrNotEnabled) {
		t.Fatalf("before the form exists: %v", err)
	}
	if _, err := s.SetQuestions(ctx, "ev1", []string{"overall", "relevant", "best"}); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.FormOf(ctx, "ev1"); len(f.Questions) != 3 || f.Questions[0] != "relevant" {
		t.Errorf("the form keeps the bank's order: %v", f.Questions)
	}
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Go(func() { errs[i] = s.Submit(ctx, "ev1", "r1", map[string]string{"relevant": "4", "best": "Allt"}) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, evaluation.ErrAlreadyAnswered):
			t.Errorf("submit: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d answers stored for one person", ok)
	}
	if err := s.Submit(ctx, "ev1", "r2", map[string]string{"relevant": "2"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Collection(evaluation.AnswersCollection).CountDocuments(ctx, bson.D{}); n != 2 {
		t.Errorf("%d answers stored, want 2", n)
	}
	for _, who := range []string{"r1", "r2"} {
		if done, err := s.Answered(ctx, "ev1", who); err != nil || !done {
			t.Errorf("%s answered: %v %v", who, done, err)
		}
	}
	if done, _ := s.Answered(ctx, "ev1", "r3"); done {
		t.Error("r3 has not answered")
	}
	res, err := s.ResultsOf(ctx, "ev1", 3, "sv")
	if err != nil || res.Responses != 2 || res.Shown {
		t.Errorf("two answers show no breakdown: %+v %v", res, err)
	}
}
