package store

import (
	"context"

	"forum/internal/forum"
)

func (r forumRow) forum() forum.Forum {
	return forum.Forum{
		ID: r.ID, GroupID: r.GroupID, Name: r.Name, Description: r.Description,
		Kind: forum.ForumKind(r.Kind), Anonymity: forum.AnonymityPolicy(r.Anonymity),
		OpensAt: nullTime(r.OpensAt), ClosesAt: nullTime(r.ClosesAt), Position: r.Position,
		Archived: r.ArchivedAt.Valid, TopicCount: r.TopicCount, PostCount: r.PostCount,
		LastActivityAt: nullTime(r.LastActivityAt), Version: r.Version,
	}
}

func (r groupRow) group() forum.Group {
	return forum.Group{ID: r.ID, Name: r.Name, Description: r.Description, Position: r.Position, Archived: r.ArchivedAt.Valid, Version: r.Version}
}

// Groups lists the groups that are not archived, in order, each with its
// forums that are not archived. Two queries, whatever the number of groups.
func (s *Store) Groups(ctx context.Context) ([]forum.Group, error) {
	var groups []groupRow
	if err := s.r(ctx).Where("archived_at IS NULL").Order("position, id").Find(&groups).Error; err != nil {
		return nil, translate(err)
	}
	var forums []forumRow
	if err := s.r(ctx).Where("archived_at IS NULL").Order("group_id, position, id").Find(&forums).Error; err != nil {
		return nil, translate(err)
	}
	return s.assemble(ctx, groups, forums)
}

// Group returns one group that is not archived, with its forums.
func (s *Store) Group(ctx context.Context, id int64) (forum.Group, error) {
	var g groupRow
	if err := s.r(ctx).Where("id = ? AND archived_at IS NULL", id).Take(&g).Error; err != nil {
		return forum.Group{}, translate(err)
	}
	var forums []forumRow
	if err := s.r(ctx).Where("group_id = ? AND archived_at IS NULL", id).Order("position, id").Find(&forums).Error; err != nil {
		return forum.Group{}, translate(err)
	}
	out, err := s.assemble(ctx, []groupRow{g}, forums)
	if err != nil {
		return forum.Group{}, err
	}
	return out[0], nil
}

// Forum returns one forum that is not archived, in a group that is not archived.
func (s *Store) Forum(ctx context.Context, id int64) (forum.Forum, error) {
	var row struct {
		Forum     forumRow `gorm:"embedded"`
		GroupName string
	}
	err := s.r(ctx).Table("forums f").
		Select("f.*, g.name AS group_name").
		Joins("JOIN outcome_groups g ON g.id = f.group_id").
		Where("f.id = ? AND f.archived_at IS NULL AND g.archived_at IS NULL", id).
		Take(&row).Error
	if err != nil {
		return forum.Forum{}, translate(err)
	}
	f := row.Forum.forum()
	f.GroupName = row.GroupName
	if f.Kind == forum.KindExpert {
		hosts, err := s.hostsOf(ctx, []int64{f.ID})
		if err != nil {
			return f, err
		}
		f.Hosts = hosts[f.ID]
	}
	return f, nil
}
